package io.devrig.api.flow;

/**
 * One node of a run, as persisted: the latest attempt.
 *
 * @param actionType the action type, or the node type for condition and junction nodes
 * @param input the resolved input as JSON text, or null
 * @param output the output as JSON text, or null
 * @param error the last error as JSON object text, or null
 * @param attempt the attempt number, from 1
 */
public record NodeRun(String id, String runId, String nodeId, String actionType, NodeRunStatus status, String input,
        String output, String error, int attempt, String startedAt, String completedAt, Long durationMs) {
}
