/**
 * The condition engine (seed architecture §7): a JSON DSL of logical operators,
 * strictly typed comparisons, existence checks, ReDoS-guarded regular expressions,
 * set membership and plugin-provided custom conditions, evaluated against a run's
 * context (trigger payload, node outputs, allow-listed environment, secrets).
 *
 * <p>A {@link io.devrig.api.condition.ConditionEngine} compiles an expression once
 * (reporting every problem with its JSON path) into a thread-safe
 * {@link io.devrig.api.condition.CompiledCondition} that is evaluated against a
 * {@link io.devrig.api.condition.ConditionContext}. Plugins add conditions by
 * publishing {@link io.devrig.api.condition.CustomCondition} services.
 *
 * <p>Values cross this API as a Jackson {@code JsonNode} or as JSON-compatible Java
 * values ({@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Number},
 * {@code Boolean}, {@code null}); the signatures say {@code Object} so that this
 * package does not depend on Jackson.
 */
@Version("1.0.0")
package io.devrig.api.condition;

import org.osgi.annotation.versioning.Version;
