package io.devrig.api.action;

import io.devrig.api.error.DevRigError;
import java.util.List;

/**
 * The result of one call through the {@link ActionRegistry}.
 *
 * @param input the resolved input (after templates and value references), null when
 *        resolution itself failed
 * @param output the output, null on failure
 * @param error why it failed, or null
 * @param warnings problems that did not fail the call (e.g. an output that does not match
 *        the output schema)
 * @param previewed whether the action was only previewed (dry-run of an action with side effects)
 * @param durationMs how long execution took
 */
public record ActionOutcome(Object input, Object output, DevRigError error, List<String> warnings, boolean previewed,
        long durationMs) {

    public ActionOutcome {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public boolean succeeded() {
        return error == null;
    }
}
