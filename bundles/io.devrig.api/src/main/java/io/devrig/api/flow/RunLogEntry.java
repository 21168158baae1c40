package io.devrig.api.flow;

/**
 * A line of a run's execution log.
 *
 * @param nodeId the node, or null for the run itself
 * @param level debug, info, warn or error
 * @param metadata JSON object text, or null
 */
public record RunLogEntry(String timestamp, String runId, String nodeId, String correlationId, String level,
        String message, String metadata) {
}
