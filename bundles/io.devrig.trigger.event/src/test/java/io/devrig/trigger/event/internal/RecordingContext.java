package io.devrig.trigger.event.internal;

import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerState;
import io.devrig.api.trigger.TriggerStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** A trigger context that records what its handler fires and reports. */
final class RecordingContext implements TriggerContext {

    record Fired(String key, Object payload) {
    }

    final List<Fired> fired = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final String workflowId;
    private final Map<String, Object> config;

    RecordingContext(String workflowId, Map<String, Object> config) {
        this.workflowId = workflowId;
        this.config = config;
    }

    @Override public String triggerId() { return "T1"; }
    @Override public String workflowId() { return workflowId; }
    @Override public int workflowVersion() { return 1; }
    @Override public Map<String, Object> config() { return config; }

    @Override
    public FireResult fire(String deduplicationKey, Object payload) {
        return fireAsync(deduplicationKey, payload).toCompletableFuture().join();
    }

    @Override
    public CompletionStage<FireResult> fireAsync(String deduplicationKey, Object payload) {
        fired.add(new Fired(deduplicationKey, payload));
        return CompletableFuture.completedFuture(new FireResult(FireResult.Outcome.STARTED, "E" + fired.size(),
                "R" + fired.size(), null));
    }

    @Override
    public TriggerStatus status() {
        return new TriggerStatus("T1", workflowId, 1, "test", TriggerState.ACTIVE, null, null, fired.size(),
                errors.size(), errors.isEmpty() ? null : errors.get(errors.size() - 1));
    }

    @Override public boolean workflowActive() { return false; }
    @Override public Map<String, Object> state() { return Map.of(); }
    @Override public void saveState(Map<String, Object> state) { }

    @Override
    public void reportError(String message) {
        errors.add(message);
    }
}
