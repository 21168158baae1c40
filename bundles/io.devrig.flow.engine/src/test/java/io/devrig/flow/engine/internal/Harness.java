package io.devrig.flow.engine.internal;

import io.devrig.action.internal.ActionRegistryImpl;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.flow.DraftSaveResult;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.condition.internal.ConditionEngineImpl;
import io.devrig.flow.internal.FlowDefinitionsComponent;
import io.devrig.flow.internal.WorkflowStore;
import io.devrig.queue.internal.PoolSettings;
import io.devrig.queue.internal.SqliteJobQueue;
import io.devrig.queue.internal.WorkerPool;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import io.devrig.template.internal.TemplateEngineComponent;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor on real parts: a SQLite file, the durable queue and its worker pool, the
 * condition and template engines, the workflow store and the action registry.
 */
final class Harness implements AutoCloseable {

    final SqliteDatabase db;
    final SqliteJobQueue queue;
    final WorkerPool pool;
    final ActionRegistryImpl actions;
    final FlowDefinitionsComponent definitions;
    final WorkflowStore workflows;
    final ThreadPoolExecutor nodePool;
    final FlowEngine engine;
    final TestActions test = new TestActions();
    /** How long the engine thinks each action type takes (a test makes a type quick with {@code record}). */
    final NodeTimes nodeTimes;
    /** What the engine told its run-finished listener, with the status stored when it did. */
    final java.util.List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Calls of the engine's Database by method name (benchmark diagnostics). */
    static final java.util.concurrent.ConcurrentHashMap<String, Long> COUNTS = new java.util.concurrent.ConcurrentHashMap<>();
    /** Nanoseconds spent in those calls by method name (benchmark diagnostics). */
    static final java.util.concurrent.ConcurrentHashMap<String, Long> NANOS = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong serviceIds = new AtomicLong(1);
    /** What FlowEngineComponent schedules: the running rows of long nodes. */
    private final java.util.concurrent.ScheduledExecutorService marker =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    Harness(Path dir) {
        this(dir, EngineSettings.DEFAULTS, 4);
    }

    Harness(Path dir, EngineSettings settings, int workers) {
        this(dir, settings, workers, true);
    }

    /**
     * @param readBack whether the run-finished listener reads the stored status back (what
     *        tests check; a benchmark leaves it out: production's listener posts an event)
     */
    Harness(Path dir, EngineSettings settings, int workers, boolean readBack) {
        DevRigClock clock = DevRigClock.system();
        db = TestDatabases.open(dir, clock);
        queue = new SqliteJobQueue(db, clock, RetryPolicy.DEFAULTS.withJitter(false).withDelays(10, 10));
        // what FlowEngineComponent's service property tells the queue
        queue.setAttemptsByHandler(FlowEngine.JOB_TYPE, true);
        TemplateEngineComponent templates = new TemplateEngineComponent();
        ConditionEngineImpl conditions = new ConditionEngineImpl();
        actions = new ActionRegistryImpl(templates, () -> null);
        for (ActionExecutor e : test.all()) {
            add(e);
        }
        definitions = new FlowDefinitionsComponent(conditions, templates);
        definitions.setActions(actions);
        workflows = new WorkflowStore(db, definitions, actions, clock);
        nodePool = FlowEngineComponent.nodePool(settings.nodeThreads());
        io.devrig.api.store.Database counted = new Counted(db);
        EngineContext context = new EngineContext(counted, actions, clock, new UlidGenerator(clock, new SecureRandom()),
                settings, nodePool, Map.of(), (runId, workflowId, status) -> finished.add(runId + " " + workflowId + " "
                        + status.json() + (!readBack ? "" : " stored " + db.read(x -> x.queryOne("SELECT status "
                                + "FROM workflow_runs WHERE id = ?", r -> r.getString(1), runId)).orElse("?"))));
        nodeTimes = context.nodeTimes();
        engine = new FlowEngine(context, workflows, definitions, conditions, queue);
        marker.scheduleWithFixedDelay(engine::markRunning, FlowEngineComponent.MARK_EVERY_MS,
                FlowEngineComponent.MARK_EVERY_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
        if (workers > 0) {
            pool = new WorkerPool(queue, PoolSettings.DEFAULTS.withWorkers(workers, workers)
                    .withPollInterval(Duration.ofMillis(20)));
            pool.register(FlowEngine.JOB_TYPE, jobHandler(engine)); // as FlowEngineComponent publishes it
            pool.start();
        } else {
            pool = null; // the test drives the jobs itself
        }
    }

    /** The engine as the pool sees it in the framework ({@link FlowEngineComponent}): every handler method. */
    static io.devrig.api.queue.JobHandler jobHandler(FlowEngine engine) {
        return new io.devrig.api.queue.JobHandler() {
            @Override
            public void handle(io.devrig.api.queue.Job job) throws Exception {
                engine.handle(job);
            }

            @Override
            public io.devrig.api.store.SqlWork<?> handleWithCompletion(io.devrig.api.queue.Job job) throws Exception {
                return engine.handleWithCompletion(job);
            }

            @Override
            public void claimed(io.devrig.api.store.SqlHandle transaction, java.util.List<io.devrig.api.queue.Job> jobs)
                    throws java.sql.SQLException {
                engine.claimed(transaction, jobs);
            }
        };
    }

    /** The store, with its calls counted and timed by name (a plain delegate: no reflection on the measured path). */
    private record Counted(io.devrig.api.store.Database db) implements io.devrig.api.store.Database {
        @Override
        public <T> T read(io.devrig.api.store.SqlWork<T> work) {
            return timed("read", () -> db.read(work));
        }

        @Override
        public <T> T write(io.devrig.api.store.SqlWork<T> work) {
            return timed("write", () -> db.write(work));
        }

        @Override
        public int schemaVersion() {
            return db.schemaVersion();
        }

        @Override
        public Path path() {
            return db.path();
        }

        private static <T> T timed(String name, java.util.function.Supplier<T> call) {
            // counted as it begins: a run's last write wakes its waiter (after the commit)
            // before the call returns, and a test must not read the count in between
            COUNTS.merge(name, 1L, Long::sum);
            long t0 = System.nanoTime();
            try {
                return call.get();
            } finally {
                NANOS.merge(name, System.nanoTime() - t0, Long::sum);
            }
        }
    }

    /** Stops writing the running rows of long nodes (a test that needs the journal without them). */
    void stopMarking() {
        marker.shutdownNow();
    }

    void add(ActionExecutor e) {
        actions.addExecutor(e, null, null, 0, serviceIds.getAndIncrement(), "test");
    }

    /** Saves the definition as draft and publishes it; the workflow id. */
    String publish(String json) {
        DraftSaveResult saved = workflows.saveDraft(json);
        if (!saved.saved()) {
            throw new AssertionError("draft not saved: " + saved.report());
        }
        workflows.publish(saved.definition().id(), "test");
        return saved.definition().id();
    }

    /**
     * What a crash leaves of a run of a workflow with nodes {@code a} (test.echo) then
     * {@code b} (test.side): the run running, a completed, b marked running, no live job.
     */
    void crashedRun(String runId, String workflowId) {
        db.write(x -> {
            x.update("INSERT INTO workflow_runs (id, workflow_id, workflow_version, status, input, correlation_id, "
                    + "started_at) VALUES (?, ?, 1, 'running', '{}', 'corr', strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
                    runId, workflowId);
            x.update("INSERT INTO node_runs (id, run_id, node_id, action_type, status, output, attempt, started_at, "
                    + "completed_at) VALUES ('n1', ?, 'a', 'test.echo', 'completed', '{\"v\":1}', 1, "
                    + "strftime('%Y-%m-%dT%H:%M:%fZ','now'), strftime('%Y-%m-%dT%H:%M:%fZ','now'))", runId);
            x.update("INSERT INTO node_runs (id, run_id, node_id, action_type, status, attempt, started_at) "
                    + "VALUES ('n2', ?, 'b', 'test.side', 'running', 1, strftime('%Y-%m-%dT%H:%M:%fZ','now'))", runId);
            return null;
        });
    }

    RunSummary run(String workflowId, String input) throws InterruptedException {
        RunStart start = engine.start(workflowId, input);
        return await(start.runId());
    }

    /** Waits until every worker is idle, so a start now is handed to one (at most 20 s). */
    void awaitIdleWorkers() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pool.idleCount() < pool.threadCount() || pool.threadCount() == 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the workers did not become idle");
            }
            Thread.sleep(2);
        }
    }

    RunSummary await(String runId) throws InterruptedException {
        RunSummary s = engine.await(runId, Duration.ofSeconds(20)).orElseThrow();
        if (!s.status().isFinal()) {
            throw new AssertionError("run " + runId + " did not finish: " + s);
        }
        return s;
    }

    @Override
    public void close() {
        marker.shutdownNow();
        if (pool != null) {
            pool.close();
        }
        nodePool.shutdownNow();
        actions.close();
        db.close();
    }
}
