package io.devrig.flow.engine.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.queue.Job;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;


import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-step overhead of the durable executor against a plain Java loop that calls the same
 * executors and writes one checkpoint row per step, on the same database settings, in the
 * same run. {@code mvn -Pbench test -pl bundles/io.devrig.flow.engine}. Goal: at most 2 ms
 * per step and at most 1.5x the loop.
 */
class EngineBenchmark {

    static final int WARMUP = 30;
    static final int RUNS = Integer.getInteger("bench.runs", 300);

    @TempDir
    Path dir;

    @Test
    void linearAndFanOut() throws Exception {
        try (Harness h = new Harness(dir, EngineSettings.DEFAULTS, 0)) {
            Wf linear = Wf.of("linear40");
            for (int i = 0; i < 40; i++) {
                linear.action("n" + i, "test.noop", Map.of());
                if (i > 0) {
                    linear.edge("n" + (i - 1), "n" + i);
                }
            }
            report("40-node linear", h, h.publish(linear.json()), 40);

            Wf fan = Wf.of("fan").set("executionMode", "parallel").action("in", "test.noop", Map.of());
            fan.action("out", "test.noop", Map.of());
            for (int i = 0; i < 10; i++) {
                fan.action("m" + i, "test.noop", Map.of()).edge("in", "m" + i).edge("m" + i, "out");
            }
            report("1->10->1 fan-out", h, h.publish(fan.json()), 12);
        }
    }

    private void report(String name, Harness h, String workflowId, int steps) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            engineRun(h, workflowId);
            loopRun(h, workflowId, steps, i);
        }
        // alternate the two so that neither gets the quieter half of the machine's time
        long engineNanos = 0;
        long loopNanos = 0;
        for (int i = 0; i < RUNS; i++) {
            engineNanos += engineRun(h, workflowId);
            loopNanos += loopRun(h, workflowId, steps, WARMUP + i);
        }
        System.out.printf("  parts per run (us): start %d, claim %d, handle %d, complete %d%n",
                PARTS[0] / 1000 / (RUNS + WARMUP), PARTS[1] / 1000 / (RUNS + WARMUP), PARTS[2] / 1000 / (RUNS + WARMUP),
                PARTS[3] / 1000 / (RUNS + WARMUP));
        java.util.Arrays.fill(PARTS, 0);
        System.out.println("  engine database calls per run: " + Harness.COUNTS.entrySet().stream()
                .map(e -> e.getKey() + "=" + (double) e.getValue() / (RUNS + WARMUP)).toList());
        Harness.COUNTS.clear();
        long upsertNanos = 0;
        for (int i = 0; i < 100; i++) {
            upsertNanos += upsertRun(h, workflowId, steps, i);
        }
        System.out.printf("  diagnostic: the executor's writes alone (2-row upsert per step): %.3f ms/step%n",
                upsertNanos / 1e6 / 100 / steps);
        Graph graph = Graph.of(h.workflows.latest(workflowId).orElseThrow(), new io.devrig.condition.internal.ConditionEngineImpl());
        EngineContext memory = new EngineContext(null, h.actions, io.devrig.api.time.DevRigClock.system(),
                new io.devrig.api.id.UlidGenerator(), EngineSettings.DEFAULTS, h.nodePool, Map.of());
        long memNanos = 0;
        for (int i = 0; i < 300; i++) {
            RunRow row = new RunRow("mem" + i, workflowId, 1, io.devrig.api.flow.RunStatus.RUNNING, "c", "{}", null, false,
                    io.devrig.api.flow.RunTrigger.manual(java.util.Map.of()));
            long t0 = System.nanoTime();
            new RunExecution(memory, row, graph, List.of(), Instant.now(), false, false).execute();
            memNanos += System.nanoTime() - t0;
        }
        System.out.printf("  diagnostic: the executor without writes: %.3f ms/step%n", memNanos / 1e6 / 300 / steps);
        double enginePerStep = engineNanos / 1e6 / RUNS / steps;
        double loopPerStep = loopNanos / 1e6 / RUNS / steps;
        System.out.printf("%s, %d runs: executor %.3f ms/step, plain loop %.3f ms/step, ratio %.2fx "
                + "(goal: <= 2 ms/step and <= 1.5x)%n", name, RUNS, enginePerStep, loopPerStep,
                enginePerStep / loopPerStep);
    }

    /** Start, claim and execute one run on this thread; the nanoseconds it took. */
    static final long[] PARTS = new long[4];

    private long engineRun(Harness h, String workflowId) throws Exception {
        long t0 = System.nanoTime();
        h.engine.start(workflowId, null);
        long t1 = System.nanoTime();
        Job job = h.queue.claim("bench", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1)).orElseThrow();
        long t2 = System.nanoTime();
        h.engine.handle(job);
        long t3 = System.nanoTime();
        h.queue.complete(job.id(), "bench");
        long t4 = System.nanoTime();
        PARTS[0] += t1 - t0;
        PARTS[1] += t2 - t1;
        PARTS[2] += t3 - t2;
        PARTS[3] += t4 - t3;
        return t4 - t0;
    }

    private long upsertRun(Harness h, String workflowId, int steps, int round) {
        String runId = "ups-" + workflowId + "-" + round;
        h.db.write(x -> x.update("INSERT INTO workflow_runs (id, workflow_id, workflow_version, status, input) "
                + "VALUES (?, ?, 1, 'running', '{}')", runId, workflowId));
        long t0 = System.nanoTime();
        NodeState prev = null;
        for (int i = 0; i < steps; i++) {
            NodeState s = new NodeState("n" + i, "test.noop");
            s.rowId = runId + ":" + i;
            s.status = io.devrig.api.flow.NodeRunStatus.RUNNING;
            s.attempt = 1;
            s.startedAt = Instant.now();
            List<NodeState> rows = prev == null ? List.of(s) : List.of(prev, s);
            h.db.write(x -> {
                RunStore.upsertNodes(x, runId, rows);
                return null;
            });
            s.status = io.devrig.api.flow.NodeRunStatus.COMPLETED;
            s.output = Map.of("ok", true);
            s.completedAt = Instant.now();
            prev = s;
        }
        return System.nanoTime() - t0;
    }

    /** The same executors in a loop, one checkpoint row per step. */
    private long loopRun(Harness h, String workflowId, int steps, int round) throws Exception {
        ActionExecutor noop = h.test.noop();
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
                    + "attempt, completed_at) VALUES (?, ?, ?, 'test.noop', 'completed', ?, 1, ?)",
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
