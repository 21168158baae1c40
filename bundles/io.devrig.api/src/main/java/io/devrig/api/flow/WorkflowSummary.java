package io.devrig.api.flow;

/**
 * A stored workflow as listed.
 *
 * @param id the workflow id
 * @param name from its draft (or latest version when it has no draft)
 * @param latestVersion the newest published version, 0 when never published
 * @param enabled whether triggers may start runs
 * @param hasDraft whether it has an editable draft
 * @param draftChanged whether the draft differs from the latest published version
 * @param createdAt ISO-8601
 * @param updatedAt ISO-8601, last change of draft, version or state
 */
public record WorkflowSummary(String id, String name, String description, int latestVersion, boolean enabled,
        boolean hasDraft, boolean draftChanged, String createdAt, String updatedAt) {
}
