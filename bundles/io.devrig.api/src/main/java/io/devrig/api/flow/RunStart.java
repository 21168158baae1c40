package io.devrig.api.flow;

/**
 * What starting a run did.
 *
 * @param runId the new run, or null when skipped
 * @param workflowVersion the version it is pinned to (0 when skipped)
 * @param skipped why no run was created (an entry condition did not hold), or null
 */
public record RunStart(String runId, int workflowVersion, String correlationId, String skipped) {

    public boolean started() {
        return runId != null;
    }
}
