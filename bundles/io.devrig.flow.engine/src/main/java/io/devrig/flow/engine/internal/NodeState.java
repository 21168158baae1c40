package io.devrig.flow.engine.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.flow.NodeRunStatus;
import java.time.Instant;

/**
 * One node of a run in the executor's memory; written whole to its {@code node_runs}
 * row. Touched by the coordinating thread only.
 */
final class NodeState {

    final String nodeId;
    final String actionType;
    String rowId;
    /** null: not started. */
    NodeRunStatus status;
    int attempt;
    Object input;
    Object output;
    DevRigError error;
    Instant startedAt;
    Instant completedAt;
    Long durationMs;
    /** When a node waiting for a retry may run again (status PENDING; FAILED is always final). */
    Instant nextAttemptAt;
    /** A condition node's chosen source handle: "true" or "false". */
    String branch;

    NodeState(String nodeId, String actionType) {
        this.nodeId = nodeId;
        this.actionType = actionType;
    }

    /** Done: its outbound edges can be decided. */
    boolean isFinal() {
        return status == NodeRunStatus.COMPLETED || status == NodeRunStatus.PREVIEWED
                || status == NodeRunStatus.SKIPPED || status == NodeRunStatus.FAILED;
    }
}
