package io.devrig.api.flow;

/**
 * The outcome of saving a draft.
 *
 * @param saved whether the draft was stored (false when the report has errors)
 * @param created whether this created the workflow
 * @param definition the draft as stored (id assigned, timestamps set), or the input when not saved
 * @param report validation as a draft: errors stop the save; missing action types do not
 */
public record DraftSaveResult(boolean saved, boolean created, WorkflowDefinition definition, ValidationReport report) {
}
