package io.devrig.api.flow;

import java.util.List;

/**
 * A dry-run: the graph validated and run with every action that has side effects
 * previewed instead of executed. Only the dry-run record is written.
 *
 * @param id the dry-run record
 * @param workflowVersion the version run, 0 for the draft
 * @param validation the graph's validation; when it has errors nothing ran
 * @param nodes node by node, in the order they ran (status {@code previewed} for previews)
 * @param path the node ids taken, in order (skipped nodes are not on it)
 * @param status how the dry-run ended
 * @param error the error as JSON text, or null
 */
public record DryRunResult(String id, String workflowId, int workflowVersion, ValidationReport validation,
        List<NodeRun> nodes, List<String> path, RunStatus status, String error) {

    public DryRunResult {
        nodes = List.copyOf(nodes);
        path = List.copyOf(path);
    }
}
