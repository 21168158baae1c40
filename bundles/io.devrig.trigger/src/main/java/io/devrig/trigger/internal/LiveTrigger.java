package io.devrig.trigger.internal;

import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerStatus;
import io.devrig.api.trigger.TriggerType;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * One trigger whose handler runs: what its {@link TriggerType} created it with (this object,
 * as its {@link TriggerContext}) and the handler. Fires after {@link #dispose} are refused.
 */
final class LiveTrigger implements TriggerContext {

    final String id;
    final String workflowId;
    final int workflowVersion;
    final String type;
    /** The fields the type sees ({@link TriggerManagerImpl#typeConfig}). */
    final Map<String, Object> config;
    /** The row's whole configuration, to notice a new version's change. */
    private final Map<String, Object> rowConfig;
    /** The type's service object this handler came from (a new service of the type means a new handler). */
    final TriggerType typeService;
    /** How long a started fire's key is remembered; zero: no deduplication. */
    final Duration window;
    private final TriggerManagerImpl manager;
    volatile TriggerHandler handler;
    volatile boolean disposed;

    LiveTrigger(TriggerManagerImpl manager, TriggerStore.Row row, TriggerType typeService, Duration window) {
        this.manager = manager;
        this.id = row.id();
        this.workflowId = row.workflowId();
        this.workflowVersion = row.workflowVersion();
        this.type = row.type();
        this.rowConfig = row.config();
        this.config = TriggerManagerImpl.typeConfig(row.config());
        this.typeService = typeService;
        this.window = window;
    }

    @Override
    public String triggerId() {
        return id;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public int workflowVersion() {
        return workflowVersion;
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public FireResult fire(String deduplicationKey, Object payload) {
        try {
            return fireAsync(deduplicationKey, payload).toCompletableFuture().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // the DevRigException the committer completed it with
            }
            throw e;
        }
    }

    @Override
    public CompletionStage<FireResult> fireAsync(String deduplicationKey, Object payload) {
        return manager.submit(this, deduplicationKey, payload);
    }

    @Override
    public TriggerStatus status() {
        return manager.trigger(id).orElseThrow();
    }

    @Override
    public boolean workflowActive() {
        return manager.workflowActive(workflowId);
    }

    @Override
    public Map<String, Object> state() {
        return manager.typeState(id);
    }

    @Override
    public void saveState(Map<String, Object> state) {
        manager.saveTypeState(id, state);
    }

    @Override
    public void reportError(String message) {
        manager.reportError(this, message);
    }

    /** Whether this handler still matches its row and type (else it is replaced). */
    boolean matches(TriggerStore.Row row, TriggerType current) {
        return row.workflowVersion() == workflowVersion && row.type().equals(type) && row.config().equals(rowConfig)
                && current == typeService;
    }
}
