package io.devrig.api.flow;

import java.util.function.Predicate;
import org.osgi.annotation.versioning.ProviderType;

/** Reads, writes and validates workflow definitions. Published by the {@code io.devrig.flow} bundle. */
@ProviderType
public interface WorkflowDefinitions {

    /**
     * Reads a definition, migrating an older {@code schemaVersion} first. Strict: unknown
     * fields, missing required fields, wrong types, unknown enum values and duplicate ids
     * are all reported together, each with its JSON path.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} whose details hold
     *         the problems under {@code problems} (a list of strings)
     */
    WorkflowDefinition parse(String json);

    /** The definition as JSON text, editor fields included; {@link #parse} reads it back equal. */
    String toJson(WorkflowDefinition definition);

    /**
     * Validates a definition for saving; see {@link #validate(WorkflowDefinition, boolean, Predicate)}.
     * Action types are checked against the action types known to this service (none until
     * an action registry exists: every action type is then reported missing).
     */
    ValidationReport validate(WorkflowDefinition definition, boolean draft);

    /**
     * Validates a definition for saving: no cycles (named), edges between existing nodes
     * and declared handles, compiling conditions and templates, settings in range, known
     * action types. A {@code draft} may use unknown action types: they are listed in
     * {@link ValidationReport#missingActionTypes()} and are not errors.
     */
    ValidationReport validate(WorkflowDefinition definition, boolean draft, Predicate<String> knownActionTypes);
}
