package io.devrig.api.flow;

/**
 * A workflow run.
 *
 * @param workflowVersion the published version it runs on (pinned at start)
 * @param correlationId shared by the run, its node runs and its logs
 * @param error the error as JSON object text ({@code code}, {@code category}, {@code message}, ...), or null
 * @param startedAt ISO-8601, or null while pending
 * @param completedAt ISO-8601, or null while not final
 * @param durationMs or null while not final
 */
public record RunSummary(String id, String workflowId, int workflowVersion, RunStatus status, String correlationId,
        String error, String createdAt, String startedAt, String completedAt, Long durationMs) {
}
