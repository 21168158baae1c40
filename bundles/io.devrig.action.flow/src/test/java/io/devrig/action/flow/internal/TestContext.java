package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** A run's context as the engine would give it, with a cancel switch and a captured log. */
final class TestContext implements ActionContext {

    final AtomicBoolean cancelled = new AtomicBoolean();
    final List<String> logs = new CopyOnWriteArrayList<>();
    private final Instant deadline;
    private final boolean dryRun;

    TestContext(Duration timeLeft, boolean dryRun) {
        this.deadline = timeLeft == null ? null : Instant.now().plus(timeLeft);
        this.dryRun = dryRun;
    }

    /** A minute to go, not a dry-run. */
    static TestContext normal() {
        return new TestContext(Duration.ofMinutes(1), false);
    }

    static TestContext withDeadlineIn(Duration timeLeft) {
        return new TestContext(timeLeft, false);
    }

    void cancel() {
        cancelled.set(true);
    }

    @Override
    public String runId() {
        return "run-1";
    }

    @Override
    public String workflowId() {
        return "wf-1";
    }

    @Override
    public String nodeId() {
        return "loop";
    }

    @Override
    public String correlationId() {
        return "corr-1";
    }

    @Override
    public int attempt() {
        return 2;
    }

    @Override
    public String idempotencyKey() {
        return "run-1:loop";
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }

    @Override
    public Instant deadline() {
        return deadline;
    }

    @Override
    public boolean cancelled() {
        return cancelled.get();
    }

    @Override
    public void log(LogLevel level, String message) {
        logs.add(level + " " + message);
    }
}
