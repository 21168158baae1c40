package io.devrig.testing;

import io.devrig.api.action.ActionContext;
import io.devrig.api.inbox.InboxItem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run's context as the engine would give an action: ids, attempt, idempotency key,
 * dry-run, a deadline, a cancel switch and a captured log. Tests set what they need:
 * {@code new TestActionContext().nodeId("loop").attempt(2).deadlineIn(Duration.ofMillis(300))}.
 *
 * <p>Defaults: run {@code run-1}, workflow {@code wf-1}, node {@code node-1}, correlation
 * {@code corr-1}, attempt 1, idempotency key {@code <runId>:<nodeId>}, not a dry-run, a
 * deadline a minute after creation, not cancelled, on no inbox item. Log lines are kept as
 * {@code "<LEVEL> <message>"}. Thread-safe.
 */
public final class TestActionContext implements ActionContext {

    private volatile String runId = "run-1";
    private volatile String workflowId = "wf-1";
    private volatile String nodeId = "node-1";
    private volatile String correlationId = "corr-1";
    private volatile int attempt = 1;
    private volatile String idempotencyKey;
    private volatile boolean dryRun;
    private volatile Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
    private volatile InboxItem item;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final List<String> logs = new CopyOnWriteArrayList<>();

    public TestActionContext runId(String value) {
        runId = value;
        return this;
    }

    public TestActionContext workflowId(String value) {
        workflowId = value;
        return this;
    }

    public TestActionContext nodeId(String value) {
        nodeId = value;
        return this;
    }

    public TestActionContext correlationId(String value) {
        correlationId = value;
        return this;
    }

    public TestActionContext attempt(int value) {
        attempt = value;
        return this;
    }

    /** A fixed key instead of {@code <runId>:<nodeId>}. */
    public TestActionContext idempotencyKey(String value) {
        idempotencyKey = value;
        return this;
    }

    public TestActionContext dryRun(boolean value) {
        dryRun = value;
        return this;
    }

    /** The deadline; null for none. */
    public TestActionContext deadline(Instant value) {
        deadline = value;
        return this;
    }

    /** A deadline {@code timeLeft} from now. */
    public TestActionContext deadlineIn(Duration timeLeft) {
        return deadline(Instant.now().plus(timeLeft));
    }

    /** The inbox item the action runs on (as {@code devrig:inbox-act} gives it); null for none. */
    public TestActionContext item(InboxItem value) {
        item = value;
        return this;
    }

    @Override
    public Optional<InboxItem> item() {
        return Optional.ofNullable(item);
    }

    /** Cancels the run: {@link #cancelled()} is true from now on. */
    public void cancel() {
        cancelled.set(true);
    }

    /** The lines logged so far, {@code "<LEVEL> <message>"}, live. */
    public List<String> logs() {
        return logs;
    }

    @Override
    public String runId() {
        return runId;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String correlationId() {
        return correlationId;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public String idempotencyKey() {
        String key = idempotencyKey;
        return key != null ? key : runId + ":" + nodeId;
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
