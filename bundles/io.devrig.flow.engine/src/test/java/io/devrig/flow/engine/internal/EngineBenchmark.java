package io.devrig.flow.engine.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunTrigger;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.queue.internal.PoolSettings;
import io.devrig.queue.internal.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-step cost of durable runs executed as production executes them, against a plain
 * Java loop that calls the same no-op action and writes one checkpoint row per step in
 * its own transaction, on the same database, in alternating rounds of the same run.
 * {@code mvn -Pbench test -pl bundles/io.devrig.flow.engine}. Goal: at most 2 ms per step
 * and at most 1.5x the loop.
 *
 * <p>A run goes through the real queue and worker pool ({@link PoolSettings#DEFAULTS}, the
 * server's settings): {@code start} writes the run and its {@code flow.run} job, the pool's
 * idle worker is woken by the enqueue, claims the job, runs the engine's handler, and
 * commits the job's completion. A run is timed from the call of {@code start} to that
 * completion being committed, so the figure holds everything a run costs the database.
 */
class EngineBenchmark {

    /**
     * Runs of each kind before the measured ones: enough for the JIT to compile the start
     * path, which runs once a run (the loop's and the steps' code runs 40 times as often and
     * is compiled long before). A server runs warm; 30 runs measured mostly interpreted
     * starts (1.7-1.9x the loop, against 1.4x warm).
     */
    static final int WARMUP = Integer.getInteger("bench.warmup", 1500);
    static final int RUNS = Integer.getInteger("bench.runs", 300);
    /** Runs per alternating block (through the pool: one after the other, as a steady stream). */
    static final int BLOCK = 10;
    /** What FlowEngineComponent gives a run's job (its handler has no other time limit here). */
    private static final Duration RUN_JOB_LIMIT = Duration.ofHours(24).plusMinutes(5);

    @TempDir
    Path dir;

    @Test
    void linearAndFanOut() throws Exception {
        // the run-finished listener records, as production's posts an event: no read-back of the status
        try (Harness h = new Harness(dir, EngineSettings.DEFAULTS, 0, false);
                WorkerPool pool = new WorkerPool(h.queue, PoolSettings.DEFAULTS)) {
            // the steps declare side effects: each completion is committed before the next step
            // starts, as the plain loop commits each step (a side-effect-free chain would share
            // commits: RunExecution.canDefer), so both do the same durable work
            h.add(STEP);
            Timed handler = new Timed(h.engine);
            pool.register(FlowEngine.JOB_TYPE, handler);
            pool.start();
            Wf linear = Wf.of("linear40");
            for (int i = 0; i < 40; i++) {
                linear.action("n" + i, STEP_TYPE, Map.of());
                if (i > 0) {
                    linear.edge("n" + (i - 1), "n" + i);
                }
            }
            Wf fan = Wf.of("fan").set("executionMode", "parallel").action("in", STEP_TYPE, Map.of());
            fan.action("out", STEP_TYPE, Map.of());
            for (int i = 0; i < 10; i++) {
                fan.action("m" + i, STEP_TYPE, Map.of()).edge("in", "m" + i).edge("m" + i, "out");
            }
            String linearId = h.publish(linear.json());
            String fanId = h.publish(fan.json());
            String a = report("40-node linear", h, pool, handler, linearId, 40);
            String b = report("1->10->1 fan-out (parallel)", h, pool, handler, fanId, 12);
            System.out.println();
            System.out.println("| workflow | engine (through the pool) | plain loop | ratio |");
            System.out.println("|---|---|---|---|");
            System.out.println(a);
            System.out.println(b);
        }
    }

    static final String STEP_TYPE = "bench.step";
    /** A no-op step with side effects declared (see its use). */
    static final io.devrig.api.action.ActionExecutor STEP = new io.devrig.api.action.ActionExecutor() {
        @Override
        public io.devrig.api.action.ActionDescriptor descriptor() {
            return io.devrig.api.action.ActionDescriptor.of(STEP_TYPE, "Step", "does nothing, declares side effects",
                    null, null).withSideEffects(true);
        }

        @Override
        public Object execute(Object input, ActionContext context) {
            return Map.of("ok", true);
        }
    };

    /** Calls the engine's handler as the pool would call FlowEngineComponent, and notes when it ran. */
    private static final class Timed implements JobHandler {
        private final FlowEngine engine;
        private final Semaphore returned = new Semaphore(0);
        private volatile long in;
        private volatile long out;

        Timed(FlowEngine engine) {
            this.engine = engine;
        }

        @Override
        public void handle(Job job) throws Exception {
            in = System.nanoTime();
            try {
                engine.handle(job);
            } finally {
                out = System.nanoTime();
                returned.release();
            }
        }

        @Override
        public Duration taskTimeout(Job job) {
            return RUN_JOB_LIMIT;
        }
    }

    /** Nanoseconds: start calls, start returned → handler, handlers, last handler → last completion committed. */
    private final long[] parts = new long[4];
    /** The same parts without the pool: start, claim, handler, complete. */
    private final long[] directParts = new long[4];

    private String report(String name, Harness h, WorkerPool pool, Timed handler, String workflowId, int steps)
            throws Exception {
        for (int i = 0; i < WARMUP / BLOCK; i++) {
            engineBlock(h, pool, handler, workflowId);
            for (int k = 0; k < BLOCK; k++) {
                loopRun(h, workflowId, steps, i * BLOCK + k);
                directRun(h, pool, handler, workflowId);
            }
        }
        Arrays.fill(parts, 0);
        Arrays.fill(directParts, 0);
        Harness.COUNTS.clear();
        Harness.NANOS.clear();
        // alternate blocks so that neither gets the quieter half of the machine's time
        long engineNanos = 0;
        long loopNanos = 0;
        long directNanos = 0;
        int blocks = RUNS / BLOCK;
        int runs = blocks * BLOCK;
        for (int i = 0; i < blocks; i++) {
            for (int k = 0; k < BLOCK; k++) {
                loopNanos += loopRun(h, workflowId, steps, WARMUP + i * BLOCK + k);
            }
            for (int k = 0; k < BLOCK; k++) {
                directNanos += directRun(h, pool, handler, workflowId);
            }
            engineNanos += engineBlock(h, pool, handler, workflowId);
        }
        double enginePerStep = engineNanos / 1e6 / runs / steps;
        double loopPerStep = loopNanos / 1e6 / runs / steps;
        double ratio = enginePerStep / loopPerStep;
        System.out.printf("%s, %d runs through the worker pool: engine %.3f ms/step (%.2f ms/run), plain loop "
                + "%.3f ms/step (%.2f ms/run), ratio %.2fx (goal: <= 2 ms/step and <= 1.5x)%n", name, runs,
                enginePerStep, enginePerStep * steps, loopPerStep, loopPerStep * steps, ratio);
        long start = parts[0] / 1000 / runs;
        long handOff = parts[1] / 1000 / runs;
        long handle = parts[2] / 1000 / runs;
        long last = parts[3] / 1000 / runs;
        long loopRun = loopNanos / 1000 / runs;
        System.out.printf("  where a run's time goes through the pool (us a run): start (run row + job, one "
                + "transaction) %d, start returned -> handler (wake-up, claim) %d, handler %d; the block's last "
                + "completion commit %d (a tenth of it a run)%n", start, handOff, handle, last * BLOCK);
        System.out.printf("  beyond the plain loop's run (%d us): start + hand-off + completion %d us a run; "
                + "handler - loop run %d us a run (%.1f us a step); the executor's Java without writes %.1f us a "
                + "step%n", loopRun, start + handOff + last, handle - loopRun, (handle - loopRun) / (double) steps,
                memoryRuns(h, workflowId) / 1e3 / steps);
        System.out.printf("  the same runs without the pool (start, claim, handle, complete on the benchmark's "
                + "thread): %.3f ms/step, %.2fx the loop; per run (us): start %d, claim %d, handler %d, complete %d%n",
                directNanos / 1e6 / runs / steps, directNanos / (double) loopNanos, directParts[0] / 1000 / runs,
                directParts[1] / 1000 / runs, directParts[2] / 1000 / runs, directParts[3] / 1000 / runs);
        // both ways of running make the same engine calls
        System.out.println("  engine database calls per run (count, us): " + Harness.COUNTS.keySet().stream().sorted()
                .map(k -> k + " " + (double) Harness.COUNTS.get(k) / (2 * runs) + " / "
                        + Harness.NANOS.getOrDefault(k, 0L) / 1000 / (2 * runs)).toList());
        return String.format("| %s | %.3f ms/step | %.3f ms/step | %.2f× |", name, enginePerStep, loopPerStep, ratio);
    }

    /**
     * {@link #BLOCK} runs through the queue and the pool, one after the other as a steady
     * stream arrives: each is started (the run row and its job in one transaction; the
     * enqueue wakes the idle worker) when the previous one's handler returned (its final
     * state committed), so the pool commits a job's completion with its next claim, as it
     * does under load. The nanoseconds from the first start to the commit of the last
     * completion. The benchmark's thread blocks while a run executes (no polling that
     * would take a CPU from the worker).
     */
    private long engineBlock(Harness h, WorkerPool pool, Timed handler, String workflowId) throws Exception {
        long expected = pool.completedCount() + BLOCK;
        long t0 = System.nanoTime();
        for (int k = 0; k < BLOCK; k++) {
            long s0 = System.nanoTime();
            RunStart start = h.engine.start(workflowId, null);
            long s1 = System.nanoTime();
            if (start.runId() == null) {
                throw new AssertionError("the run did not start: " + start.skipped());
            }
            handler.returned.acquire();
            parts[0] += s1 - s0;
            parts[1] += handler.in - s1;
            parts[2] += handler.out - handler.in;
        }
        long last = handler.out;
        while (pool.completedCount() < expected) {
            if (pool.failedCount() > 0) {
                throw new AssertionError("a run's job failed");
            }
            LockSupport.parkNanos(20_000);
        }
        long t1 = System.nanoTime();
        parts[3] += t1 - last;
        return t1 - t0;
    }

    /**
     * One run without the pool, as the benchmark measured before issue 11: start, claim,
     * execute and complete on this thread; the nanoseconds it took. The pool's handler is
     * unregistered meanwhile (so the enqueue does not wake it), and registered again
     * before the next pool run (whose figure then carries the claim that wake-up makes).
     */
    private long directRun(Harness h, WorkerPool pool, Timed handler, String workflowId) throws Exception {
        pool.unregister(FlowEngine.JOB_TYPE, handler);
        // a worker that read the types before the unregister may still claim: wait until all are idle
        while (pool.idleCount() < pool.threadCount()) {
            LockSupport.parkNanos(100_000);
        }
        try {
            long t0 = System.nanoTime();
            h.engine.start(workflowId, null);
            long t1 = System.nanoTime();
            Job job = h.queue.claim("bench", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1)).orElseThrow();
            long t2 = System.nanoTime();
            h.engine.handle(job);
            long t3 = System.nanoTime();
            h.queue.complete(job.id(), "bench");
            long t4 = System.nanoTime();
            directParts[0] += t1 - t0;
            directParts[1] += t2 - t1;
            directParts[2] += t3 - t2;
            directParts[3] += t4 - t3;
            return t4 - t0;
        } finally {
            pool.register(FlowEngine.JOB_TYPE, handler);
        }
    }

    /** The executor's Java work alone: the same graph executed in memory (no writes); nanoseconds a run. */
    private long memoryRuns(Harness h, String workflowId) throws InterruptedException {
        Graph graph = Graph.of(h.workflows.latest(workflowId).orElseThrow(),
                new io.devrig.condition.internal.ConditionEngineImpl());
        EngineContext memory = new EngineContext(null, h.actions, io.devrig.api.time.DevRigClock.system(),
                new io.devrig.api.id.UlidGenerator(), EngineSettings.DEFAULTS, h.nodePool, Map.of());
        long nanos = 0;
        for (int i = 0; i < 300; i++) {
            RunRow row = new RunRow("mem" + i, workflowId, 1, RunStatus.RUNNING, "c", "{}", null, false,
                    RunTrigger.manual(Map.of()));
            long t0 = System.nanoTime();
            new RunExecution(memory, row, graph, List.of(), Instant.now(), false, false, false).execute();
            nanos += System.nanoTime() - t0;
        }
        return nanos / 300;
    }

    /** The same action in a loop, one checkpoint row per step in its own transaction. */
    private long loopRun(Harness h, String workflowId, int steps, int round) throws Exception {
        ActionExecutor noop = STEP;
        String runId = "loop-" + workflowId + "-" + round;
        long t0 = System.nanoTime();
        h.db.write(x -> x.update("INSERT INTO workflow_runs (id, workflow_id, workflow_version, status, input) "
                + "VALUES (?, ?, 1, 'running', '{}')", runId, workflowId));
        for (int i = 0; i < steps; i++) {
            Object out = noop.execute(Map.of(), new LoopContext(runId, "n" + i));
            String json = Json.write(out);
            String node = "n" + i;
            String now = Instant.now().toString();
            h.db.write(x -> x.update("INSERT INTO node_runs (id, run_id, node_id, action_type, status, output, "
                    + "attempt, completed_at) VALUES (?, ?, ?, 'bench.step', 'completed', ?, 1, ?)",
                    runId + node, runId, node, json, now));
        }
        h.db.write(x -> x.update("UPDATE workflow_runs SET status = 'completed' WHERE id = ?", runId));
        return System.nanoTime() - t0;
    }

    private record LoopContext(String runId, String nodeId) implements ActionContext {
        @Override public String workflowId() { return "loop"; }
        @Override public String correlationId() { return runId; }
        @Override public int attempt() { return 1; }
        @Override public String idempotencyKey() { return runId + ":" + nodeId; }
        @Override public boolean dryRun() { return false; }
        @Override public Instant deadline() { return Instant.MAX; }
        @Override public boolean cancelled() { return false; }
        @Override public void log(LogLevel level, String message) { }
    }

}
