package io.devrig.testing;

import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerState;
import io.devrig.api.trigger.TriggerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A trigger context for a trigger type's unit tests: records what its handler fires and
 * reports, answers every fire {@code started} (event {@code E<n>}, run {@code R<n>}), keeps
 * saved state in memory, and counts fires in its status. The trigger manager's own tests run
 * the real one.
 */
public final class TestTriggerContext implements TriggerContext {

    /** One fire: its deduplication key and payload. */
    public record Fired(String key, Object payload) {
    }

    public final List<Fired> fired = new CopyOnWriteArrayList<>();
    public final List<String> errors = new CopyOnWriteArrayList<>();
    private final String workflowId;
    private final Map<String, Object> config;
    private final Map<String, Object> state = new ConcurrentHashMap<>();
    private volatile boolean workflowActive;
    private volatile Instant lastFiredAt;

    public TestTriggerContext(String workflowId, Map<String, Object> config) {
        this.workflowId = workflowId;
        this.config = config;
    }

    /** What {@link #workflowActive()} answers from now on. */
    public void setWorkflowActive(boolean active) {
        this.workflowActive = active;
    }

    @Override
    public String triggerId() {
        return "T1";
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public int workflowVersion() {
        return 1;
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public FireResult fire(String deduplicationKey, Object payload) {
        return fireAsync(deduplicationKey, payload).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<FireResult> fireAsync(String deduplicationKey, Object payload) {
        fired.add(new Fired(deduplicationKey, payload));
        lastFiredAt = Instant.now();
        int n = fired.size();
        return CompletableFuture.completedFuture(new FireResult(FireResult.Outcome.STARTED, "E" + n, "R" + n, null));
    }

    @Override
    public TriggerStatus status() {
        return new TriggerStatus("T1", workflowId, 1, "test", TriggerState.ACTIVE, lastFiredAt, null, fired.size(),
                errors.size(), errors.isEmpty() ? null : errors.get(errors.size() - 1));
    }

    @Override
    public boolean workflowActive() {
        return workflowActive;
    }

    @Override
    public Map<String, Object> state() {
        return Map.copyOf(state);
    }

    @Override
    public void saveState(Map<String, Object> newState) {
        state.clear();
        state.putAll(newState);
    }

    @Override
    public void reportError(String message) {
        errors.add(message);
    }
}
