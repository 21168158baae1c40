package io.devrig.trigger.webhook.internal;

import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerStatus;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The trigger manager as a webhook sees it: every fire recorded; a key fired before is a
 * duplicate answered with the first event's id (as the manager does within its window);
 * settable to refuse or to fail.
 */
final class FakeTriggerContext implements TriggerContext {

    record Fire(String key, Object payload, FireResult result) {
    }

    private final String triggerId;
    private final String workflowId;
    private final int version;
    private final Map<String, Object> config;
    final List<Fire> fires = new CopyOnWriteArrayList<>();
    final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, String> firstEventByKey = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    volatile String refuseWith;
    /** Answers fires as a busy manager does: accepted, the run starting moments later. */
    volatile boolean accept;
    volatile RuntimeException failWith;

    FakeTriggerContext(String workflowId, int version, Map<String, Object> config) {
        this.triggerId = "trg-" + workflowId + "-" + version;
        this.workflowId = workflowId;
        this.version = version;
        this.config = config;
    }

    /** The fires that started a run. */
    List<Fire> started() {
        return fires.stream().filter(f -> f.result().outcome() == FireResult.Outcome.STARTED).toList();
    }

    @Override
    public String triggerId() {
        return triggerId;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public int workflowVersion() {
        return version;
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public synchronized FireResult fire(String deduplicationKey, Object payload) {
        if (failWith != null) {
            throw failWith;
        }
        String eventId = "evt-" + ids.incrementAndGet();
        String first = firstEventByKey.putIfAbsent(deduplicationKey, eventId);
        FireResult result;
        if (first != null) {
            result = new FireResult(FireResult.Outcome.DUPLICATE, first, null, "duplicate");
        } else if (refuseWith != null) {
            result = new FireResult(FireResult.Outcome.REFUSED, eventId, null, refuseWith);
        } else {
            result = new FireResult(accept ? FireResult.Outcome.ACCEPTED : FireResult.Outcome.STARTED, eventId,
                    "run-" + eventId.substring(4), null);
        }
        fires.add(new Fire(deduplicationKey, payload, result));
        return result;
    }

    @Override
    public CompletionStage<FireResult> fireAsync(String deduplicationKey, Object payload) {
        return CompletableFuture.completedFuture(fire(deduplicationKey, payload));
    }

    @Override
    public TriggerStatus status() {
        throw new UnsupportedOperationException("not used by webhooks");
    }

    @Override
    public boolean workflowActive() {
        return false;
    }

    @Override
    public Map<String, Object> state() {
        return Map.of();
    }

    @Override
    public void saveState(Map<String, Object> state) {
        throw new UnsupportedOperationException("not used by webhooks");
    }

    @Override
    public void reportError(String message) {
        errors.add(message);
    }
}
