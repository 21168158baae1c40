/**
 * Flow actions (seed architecture §8): what a workflow node does.
 *
 * <p>An action type is an {@link io.devrig.api.action.ActionExecutor} service: any bundle
 * publishes one (whiteboard, as openHAB's {@code ModuleHandlerFactory}), and the
 * {@link io.devrig.api.action.ActionRegistry} picks it up and drops it again when the
 * service goes. The registry runs every call through the pipeline of §8.3: templates and
 * value references resolved, input validated against the descriptor's JSON Schema,
 * {@link io.devrig.api.action.ActionHook} pre-hooks, execution (a plugin's action through
 * the plugin invoker: time limit, cancellation, circuit breaker), output validated (a
 * mismatch is a warning), post-hooks, metrics.
 *
 * <p>Inputs and outputs are JSON-compatible Java values ({@code Map<String, ?>},
 * {@code List<?>}, {@code String}, {@code Number}, {@code Boolean}, {@code null}) so that
 * this package does not depend on Jackson.
 */
@Version("1.3.0")
package io.devrig.api.action;

import org.osgi.annotation.versioning.Version;
