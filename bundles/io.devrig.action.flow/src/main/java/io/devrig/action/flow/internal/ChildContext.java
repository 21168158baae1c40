package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionContext;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The context of one element's call: the loop's context with its own node id
 * ({@code <node>[i]}) and idempotency key ({@code <key>:i}), so that an action with side
 * effects gets a key that is stable across attempts of the loop node and distinct per
 * element. It is cancelled when the loop's context is, or when the loop aborts its
 * remaining elements.
 */
final class ChildContext implements ActionContext {

    private final ActionContext parent;
    private final int index;
    private final AtomicBoolean aborted;

    ChildContext(ActionContext parent, int index, AtomicBoolean aborted) {
        this.parent = parent;
        this.index = index;
        this.aborted = aborted;
    }

    @Override
    public String runId() {
        return parent.runId();
    }

    @Override
    public String workflowId() {
        return parent.workflowId();
    }

    @Override
    public String nodeId() {
        String node = parent.nodeId();
        return (node == null ? "" : node) + "[" + index + "]";
    }

    @Override
    public String correlationId() {
        return parent.correlationId();
    }

    @Override
    public int attempt() {
        return parent.attempt();
    }

    @Override
    public String idempotencyKey() {
        String key = parent.idempotencyKey();
        return key == null ? null : key + ":" + index;
    }

    @Override
    public boolean dryRun() {
        return parent.dryRun();
    }

    @Override
    public Instant deadline() {
        return parent.deadline();
    }

    @Override
    public boolean cancelled() {
        return aborted.get() || parent.cancelled();
    }

    @Override
    public void log(LogLevel level, String message) {
        // The log line carries the loop's node id; the prefix says which element wrote it.
        parent.log(level, "[" + index + "] " + message);
    }
}
