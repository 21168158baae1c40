package io.devrig.flow.engine.internal;

import io.devrig.api.flow.RunTrigger;

import io.devrig.api.flow.RunStatus;

/** A {@code workflow_runs} row as the executor needs it. */
record RunRow(String id, String workflowId, int version, RunStatus status, String correlationId, String input,
        String startedAt, boolean cancelRequested, RunTrigger trigger) {
}
