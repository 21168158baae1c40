package io.devrig.flow.engine.internal;

import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunTrigger;
import java.time.Instant;

/** A {@code workflow_runs} row as the executor needs it. */
record RunRow(String id, String workflowId, int version, RunStatus status, String correlationId, String input,
        String startedAt, boolean cancelRequested, RunTrigger trigger) {

    /** This pending run as its admission at {@code at} left it. */
    RunRow admitted(Instant at) {
        return new RunRow(id, workflowId, version, RunStatus.RUNNING, correlationId, input, Times.iso(at), false,
                trigger);
    }
}
