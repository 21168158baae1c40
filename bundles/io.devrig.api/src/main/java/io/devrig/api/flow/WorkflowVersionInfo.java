package io.devrig.api.flow;

/**
 * One published version of a workflow; its definition never changes.
 *
 * @param version from 1
 * @param changeSummary what the publisher said changed, may be empty
 * @param createdAt ISO-8601, when it was published
 */
public record WorkflowVersionInfo(String workflowId, int version, String changeSummary, String createdAt) {
}
