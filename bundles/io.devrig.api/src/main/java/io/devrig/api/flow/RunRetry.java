package io.devrig.api.flow;

import java.util.List;

/**
 * What {@link WorkflowRuns#retry} did.
 *
 * @param runId the run
 * @param fromVersion the version it failed on
 * @param version the version it runs on now (the latest, with {@code latestVersion})
 * @param kept nodes whose outputs were kept (they do not run again), in topological order
 * @param rerun nodes that run (again), in topological order
 */
public record RunRetry(String runId, int fromVersion, int version, List<String> kept, List<String> rerun) {

    public RunRetry {
        kept = List.copyOf(kept);
        rerun = List.copyOf(rerun);
    }
}
