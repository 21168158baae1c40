package io.devrig.trigger.internal;

import io.devrig.action.internal.ActionRegistryImpl;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.flow.DraftSaveResult;
import io.devrig.api.flow.WorkflowParticipant;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.common.json.Json;
import io.devrig.condition.internal.ConditionEngineImpl;
import io.devrig.flow.engine.internal.EngineConfig;
import io.devrig.flow.engine.internal.FlowEngineComponent;
import io.devrig.flow.internal.FlowDefinitionsComponent;
import io.devrig.flow.internal.WorkflowStore;
import io.devrig.queue.internal.PoolSettings;
import io.devrig.queue.internal.SqliteJobQueue;
import io.devrig.queue.internal.WorkerPool;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import io.devrig.template.internal.TemplateEngineComponent;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The trigger manager on real parts: a SQLite file with the shipped migrations, the workflow
 * store (the manager as its participant), the flow engine on the durable queue and its worker
 * pool, and one no-op action. The manager's clock can be moved by hand (deduplication windows).
 */
final class TriggerHarness implements AutoCloseable {

    final SqliteDatabase db;
    final SqliteJobQueue queue;
    final WorkerPool pool;
    final ActionRegistryImpl actions;
    final WorkflowStore workflows;
    final FlowEngineComponent engine;
    final AtomicReference<Instant> now = new AtomicReference<>();
    final DevRigClock clock = () -> now.get() == null ? Instant.now() : now.get();
    /** The participants the workflow store calls: the current manager, when there is one. */
    final List<WorkflowParticipant> participants = new CopyOnWriteArrayList<>();
    TriggerManagerImpl manager;
    /** The runs service the manager uses; a test may wrap it. */
    WorkflowRuns runs;

    TriggerHarness(Path dir) {
        this(dir, true);
    }

    /** @param runRuns false: runs are started (enqueued) but no worker executes them */
    TriggerHarness(Path dir, boolean runRuns) {
        db = TestDatabases.open(dir, DevRigClock.system());
        queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS.withJitter(false).withDelays(10, 10));
        queue.setAttemptsByHandler(WorkflowRuns.JOB_TYPE, true);
        TemplateEngineComponent templates = new TemplateEngineComponent();
        ConditionEngineImpl conditions = new ConditionEngineImpl();
        actions = new ActionRegistryImpl(templates, () -> null);
        actions.addExecutor(noop(), null, null, 0, 1L, "test");
        FlowDefinitionsComponent definitions = new FlowDefinitionsComponent(conditions, templates);
        definitions.setActions(actions);
        workflows = new WorkflowStore(db, definitions, actions, DevRigClock.system(), () -> participants);
        engine = new FlowEngineComponent(db, actions, workflows, definitions, conditions, queue, config());
        runs = engine;
        pool = new WorkerPool(queue, PoolSettings.DEFAULTS.withWorkers(2, 2).withPollInterval(Duration.ofMillis(20)));
        pool.register(WorkflowRuns.JOB_TYPE, engine);
        if (runRuns) {
            pool.start();
        }
    }

    /** A started manager on this database (as the component starts one). */
    TriggerManagerImpl startManager() {
        return startManager(TriggerManagerImpl.DEFER_AT);
    }

    /** A started manager that accepts groups of {@code deferAt} fires or more without starting their runs at once. */
    TriggerManagerImpl startManager(int deferAt) {
        manager = new TriggerManagerImpl(db, workflows, runs, clock, deferAt);
        participants.add(manager);
        manager.start();
        return manager;
    }

    /** Stops the manager as a bundle stop would (the database stays). */
    void stopManager() {
        participants.remove(manager);
        manager.close();
        manager = null;
    }

    /** Saves and publishes a one-node workflow with this trigger ({@code type} plus its fields); its id. */
    String publish(String id, Map<String, Object> trigger) {
        return publish(id, trigger, null);
    }

    String publish(String id, Map<String, Object> trigger, List<Object> entryConditions) {
        saveDraft(id, trigger, entryConditions);
        workflows.publish(id, "test");
        return id;
    }

    /** Saves the draft only. */
    void saveDraft(String id, Map<String, Object> trigger, List<Object> entryConditions) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", 2);
        root.put("id", id);
        root.put("version", 1);
        root.put("name", "test " + id);
        if (trigger != null) {
            root.put("trigger", trigger);
        }
        if (entryConditions != null) {
            root.put("entryConditions", entryConditions);
        }
        root.put("nodes", List.of(Map.of("id", "a", "type", "action", "actionType", "test.noop", "config", Map.of(),
                "position", Map.of("x", 0, "y", 0))));
        root.put("edges", List.of());
        root.put("settings", Map.of());
        DraftSaveResult saved = workflows.saveDraft(Json.write(root));
        if (!saved.saved()) {
            throw new AssertionError("draft not saved: " + saved.report());
        }
    }

    /** Waits (at most 20 s) until every accepted fire's run has started or the fire was refused. */
    void awaitAcceptedStarted() throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (count("SELECT count(*) FROM trigger_events WHERE processed = 0") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("accepted fires still wait for their start");
            }
            Thread.sleep(10);
        }
    }

    long count(String sql, Object... params) {
        return db.read(h -> h.queryLong(sql, params)).orElse(0L);
    }

    private static ActionExecutor noop() {
        return new ActionExecutor() {
            @Override
            public ActionDescriptor descriptor() {
                return ActionDescriptor.of("test.noop", "No-op", "does nothing", null, null);
            }

            @Override
            public Object execute(Object input, ActionContext context) {
                return Map.of("ok", true);
            }
        };
    }

    private static EngineConfig config() {
        return new EngineConfig() {
            @Override public Class<? extends Annotation> annotationType() { return EngineConfig.class; }
            @Override public int nodeThreads() { return 4; }
            @Override public long defaultNodeTimeoutMs() { return 30_000; }
            @Override public long admitRetryMs() { return 50; }
            @Override public long inlineWaitMs() { return 2_000; }
            @Override public long stopGraceMs() { return 1_000; }
            @Override public long orphanCheckMs() { return 600_000; }
            @Override public String[] envAllowList() { return new String[0]; }
        };
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
        pool.close();
        try { // the component's @Deactivate: its orphan check and node threads
            java.lang.reflect.Method deactivate = FlowEngineComponent.class.getDeclaredMethod("deactivate");
            deactivate.setAccessible(true);
            deactivate.invoke(engine);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        actions.close();
        db.close();
    }
}
