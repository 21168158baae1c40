package io.devrig.api.condition;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A compiled, immutable condition: regular expressions are compiled once, here, and
 * reused by every evaluation. Safe to share between threads and to cache.
 *
 * <p>Evaluation is strictly typed and never coerces: values of different JSON types
 * compare {@code false}; only an explicit {@code cast} converts. A path that does not
 * resolve is <em>absent</em>: {@code exists} is false and every comparison is false.
 */
@ProviderType
public interface CompiledCondition {

    /**
     * Evaluates the condition.
     *
     * @throws io.devrig.api.error.DevRigException when evaluation cannot decide:
     *         {@link ConditionErrors#CONDITION_REGEX_LIMIT}, {@link ConditionErrors#CONDITION_CAST_FAILED},
     *         {@link ConditionErrors#CONDITION_CUSTOM_NOT_FOUND}, a custom condition's failure as the
     *         plugin invoker reported it, or a secret lookup's failure. Messages name the JSON path
     *         of the failing expression and never contain a secret value.
     */
    boolean evaluate(ConditionContext context);

    /**
     * Evaluates the condition and explains why, for dry runs and debugging. Never throws
     * for an evaluation error: the result carries it, with the trace up to that point.
     * Secret values never appear in the trace (nor does anything compared with one).
     */
    ConditionResult explain(ConditionContext context);

    /** The expression as compact JSON text. */
    String json();

    /** What the expression reads: node ids, environment keys, secret names and custom conditions. */
    ConditionReferences references();
}
