package io.devrig.api.flow;

import java.util.List;

/**
 * A run with its node timeline (ordered by start) and its execution log.
 *
 * @param input the run's input as JSON text
 */
public record RunDetail(RunSummary run, String input, List<NodeRun> nodes, List<RunLogEntry> logs) {

    public RunDetail {
        nodes = List.copyOf(nodes);
        logs = List.copyOf(logs);
    }
}
