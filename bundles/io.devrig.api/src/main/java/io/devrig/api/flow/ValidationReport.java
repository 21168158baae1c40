package io.devrig.api.flow;

import java.util.List;

/**
 * The outcome of validating a workflow definition.
 *
 * @param errors problems that stop it from being saved, each {@code <JSON path>: <message>}
 * @param warnings problems that do not
 * @param missingActionTypes action types the definition uses that no plugin provides (in
 *        order of first use); for a draft these are not errors
 */
public record ValidationReport(List<String> errors, List<String> warnings, List<String> missingActionTypes) {

    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        missingActionTypes = List.copyOf(missingActionTypes);
    }

    /** Whether there are no errors. */
    public boolean valid() {
        return errors.isEmpty();
    }
}
