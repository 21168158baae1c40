package io.devrig.trigger.cron.internal;

import io.devrig.api.time.DevRigClock;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerState;
import io.devrig.api.trigger.TriggerStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A trigger manager in miniature for one trigger, shared by handlers that follow each other
 * (a restart): it drops a deduplication key it has recorded, and keeps {@code lastFiredAt}
 * (the clock's time when a fire is committed) and {@code fireCount} as the manager would.
 * Fires are committed at once, or held until {@link #commitPending()} when {@link #holdCommits}
 * is set (a fire still in flight when its handler is stopped).
 */
final class FakeTriggerContext implements TriggerContext {

    record Fire(String key, Map<String, Object> payload, FireResult.Outcome outcome) {
    }

    private final String triggerId;
    private final Map<String, Object> config;
    private final DevRigClock clock;
    private final Set<String> keys = new HashSet<>();
    private final List<Fire> fires = new ArrayList<>();
    private final List<Runnable> pending = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private Instant lastFiredAt;
    private long fireCount;
    boolean holdCommits;
    boolean workflowActive;
    RuntimeException failWith;
    Runnable onFire = () -> { };

    FakeTriggerContext(String triggerId, Map<String, Object> config, DevRigClock clock) {
        this.triggerId = triggerId;
        this.config = new LinkedHashMap<>(config);
        this.clock = clock;
    }

    @Override
    public String triggerId() {
        return triggerId;
    }

    @Override
    public String workflowId() {
        return "wf-" + triggerId;
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
    public synchronized FireResult fire(String deduplicationKey, Object payload) {
        return commit(deduplicationKey, payload);
    }

    @SuppressWarnings("unchecked")
    private synchronized FireResult commit(String key, Object payload) {
        if (!keys.add(key)) {
            fires.add(new Fire(key, (Map<String, Object>) payload, FireResult.Outcome.DUPLICATE));
            return new FireResult(FireResult.Outcome.DUPLICATE, null, null, "duplicate");
        }
        fires.add(new Fire(key, (Map<String, Object>) payload, FireResult.Outcome.STARTED));
        lastFiredAt = clock.now();
        fireCount++;
        return new FireResult(FireResult.Outcome.STARTED, "ev-" + fireCount, "run-" + fireCount, null);
    }

    @Override
    public synchronized CompletionStage<FireResult> fireAsync(String deduplicationKey, Object payload) {
        onFire.run();
        if (failWith != null) {
            return CompletableFuture.failedFuture(failWith);
        }
        if (!holdCommits) {
            return CompletableFuture.completedFuture(commit(deduplicationKey, payload));
        }
        CompletableFuture<FireResult> f = new CompletableFuture<>();
        pending.add(() -> f.complete(commit(deduplicationKey, payload)));
        return f;
    }

    /** Commits the fires held back, in order. */
    void commitPending() {
        List<Runnable> p;
        synchronized (this) {
            p = new ArrayList<>(pending);
            pending.clear();
        }
        p.forEach(Runnable::run);
    }

    @Override
    public synchronized TriggerStatus status() {
        return new TriggerStatus(triggerId, workflowId(), 1, CronTriggerType.TYPE, TriggerState.ACTIVE, lastFiredAt,
                null, fireCount, errors.size(), errors.isEmpty() ? null : errors.get(errors.size() - 1));
    }

    @Override
    public synchronized boolean workflowActive() {
        return workflowActive;
    }

    @Override
    public Map<String, Object> state() {
        return Map.of();
    }

    @Override
    public void saveState(Map<String, Object> state) {
        throw new UnsupportedOperationException("a cron trigger keeps no state");
    }

    @Override
    public synchronized void reportError(String message) {
        errors.add(message);
    }

    /** Recorded fires (duplicates included, marked). */
    synchronized List<Fire> fires() {
        return List.copyOf(fires);
    }

    /** The keys of the fires that started a run. */
    synchronized List<String> started() {
        return fires.stream().filter(f -> f.outcome() == FireResult.Outcome.STARTED).map(Fire::key).toList();
    }

    synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    synchronized void lastFiredAt(Instant at) {
        lastFiredAt = at;
    }
}
