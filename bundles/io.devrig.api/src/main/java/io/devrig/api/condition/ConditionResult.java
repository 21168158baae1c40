package io.devrig.api.condition;

import io.devrig.api.error.DevRigError;
import java.util.List;

/**
 * The outcome of {@link CompiledCondition#explain(ConditionContext)}.
 *
 * @param value the condition's value; false when {@code error} is set
 * @param trace one line per evaluated expression, in evaluation order, each starting with
 *        the expression's JSON path; expressions skipped by short-circuiting are not listed.
 *        Secret values are shown as {@code <secret>}.
 * @param error why evaluation stopped, or null when it completed
 */
public record ConditionResult(boolean value, List<String> trace, DevRigError error) {

    public ConditionResult {
        trace = trace == null ? List.of() : List.copyOf(trace);
        if (error != null) {
            value = false;
        }
    }

    /** Whether evaluation stopped with an error. */
    public boolean failed() {
        return error != null;
    }
}
