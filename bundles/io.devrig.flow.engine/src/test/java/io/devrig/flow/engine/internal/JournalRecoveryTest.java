package io.devrig.flow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.queue.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node's first attempt starts without a row of its own: the transaction that made it
 * ready is its start mark (see {@link RunExecution}). These tests crash the real executor
 * while nodes run — the database is copied as a SIGKILL would leave it (a consistent
 * snapshot between two commits) — and resume the copy in a new "process": every node that
 * was running counts the interrupted attempt, nothing else does, and completed nodes are
 * not run again.
 */
class JournalRecoveryTest {

    private static final String OWNER = "srv";

    @TempDir
    Path dir;

    private Harness first;
    private Harness second;
    private Thread worker;

    @AfterEach
    void close() throws InterruptedException {
        if (first != null) {
            first.test.latches.values().forEach(java.util.concurrent.CountDownLatch::countDown);
            if (worker != null) {
                worker.join(10_000);
            }
            first.close();
        }
        if (second != null) {
            second.close();
        }
    }

    /**
     * Process p1 starts a run of {@code workflowJson}, executes its job on a thread until
     * every node of {@code blocked} waits on its latch, and "dies": the database is copied
     * then. The copy is opened as process p2, whose start releases p1's claim.
     */
    private String crashWhileBlocked(String workflowJson, boolean marks, String... blocked) throws Exception {
        first = new Harness(dir.resolve("p1"), EngineSettings.DEFAULTS, 0);
        if (!marks) {
            first.stopMarking();
        }
        String workflowId = first.publish(workflowJson);
        String runId = first.engine.start(workflowId, null).runId();
        Job job = first.queue.claim("worker-1@" + OWNER + "#p1", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1))
                .orElseThrow();
        handleUntilBlocked(job, blocked);
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        if (marks) {
            // the long nodes are given their running rows
            int marked = 0;
            while (marked < blocked.length) {
                assertThat(System.nanoTime()).as("the nodes are marked").isLessThan(end);
                Thread.sleep(20);
                marked = (int) nodes(first, runId).values().stream()
                        .filter(n -> n.status() == NodeRunStatus.RUNNING).count();
            }
        }
        dieAndRestart();
        return runId;
    }

    /**
     * Quick side-effect-free nodes in a chain commit their completions with the next commit
     * (RunExecution.canDefer): p1 runs a → b → c, all pure and known quick, and dies while c
     * blocks, before any of their completions was committed. The journal then says only that
     * the run was admitted: a reads as started and interrupted (one attempt), and all three
     * run again in p2; a pure node's second run changes nothing.
     */
    @Test
    void quickPureNodesWhoseCompletionsWereNotCommittedRunAgain() throws Exception {
        first = new Harness(dir.resolve("p1"), EngineSettings.DEFAULTS, 0);
        // what earlier runs would have taught p1 (fixed: the decision must not depend on the machine's speed)
        first.nodeTimes.fix("test.echo", 1_000);
        first.nodeTimes.fix("test.block", 1_000);
        // three attempts: a completion is only deferred for a node with an attempt to spare
        String workflowId = first.publish(Wf.of("purechain").set("retryPolicy", Wf.retry(3, 10))
                .action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.echo", Map.of("v", 2)).action("c", "test.block", Map.of("latch", "c"))
                .edge("a", "b").edge("b", "c").json());
        String runId = first.engine.start(workflowId, null).runId();
        Job job = first.queue.claim("worker-1@" + OWNER + "#p1", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1))
                .orElseThrow();
        handleUntilBlocked(job, "c");
        assertThat(nodes(first, runId)).as("a's and b's completions wait for the next commit").isEmpty();
        dieAndRestart();
        second.test.latch("c").countDown();

        resume();

        assertThat(second.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        Map<String, NodeRun> n = nodes(second, runId);
        assertThat(n.get("a").status()).isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(n.get("a").attempt()).as("the journal's started-and-interrupted a").isEqualTo(2);
        assertThat(n.get("b").attempt()).isEqualTo(1);
        assertThat(n.get("c").attempt()).isEqualTo(1);
        assertThat(n.get("b").output()).isEqualTo("{\"v\":2}");
    }

    /**
     * p1 "dies": its database is copied as a SIGKILL leaves it (a consistent snapshot between
     * two commits) and opened as process p2, whose start releases p1's claim.
     */
    private void dieAndRestart() throws Exception {
        Path copy = dir.resolve("p2");
        Files.createDirectories(copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("p1").resolve("devrig.db"));
                Statement s = c.createStatement()) {
            s.execute("VACUUM INTO '" + copy.resolve("devrig.db") + "'");
        }
        second = new Harness(copy, EngineSettings.DEFAULTS, 0);
        assertThat(second.queue.releaseAbandoned(OWNER, "p2", FlowEngine.JOB_TYPE).requeued()).isEqualTo(1);
    }

    /** Executes the job on p1's worker thread until every node of {@code blocked} waits on its latch. */
    private void handleUntilBlocked(Job job, String... blocked) throws InterruptedException {
        worker = new Thread(() -> {
            try {
                first.engine.handle(job);
            } catch (Exception e) {
                // the "dead" process: whatever it does after the copy does not count
            }
        });
        worker.start();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!first.test.blocked.containsAll(List.of(blocked))) {
            assertThat(System.nanoTime()).as("the nodes block").isLessThan(end);
            Thread.sleep(2);
        }
    }

    /** p2 takes the run's job up again and executes it to the end. */
    private void resume() throws Exception {
        Job job = second.queue.claim("worker-1@" + OWNER + "#p2", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1))
                .orElseThrow();
        second.engine.handle(job);
        assertThat(second.queue.complete(job.id(), job.lockedBy())).isTrue();
    }

    private static Map<String, NodeRun> nodes(Harness h, String runId) {
        return h.engine.detail(runId).orElseThrow().nodes().stream()
                .collect(Collectors.toMap(NodeRun::nodeId, Function.identity()));
    }

    private List<String> interruptedLogs(String runId) {
        return second.engine.detail(runId).orElseThrow().logs().stream()
                .filter(l -> l.message().contains("NODE_INTERRUPTED")).map(l -> l.nodeId()).toList();
    }

    private static Map<String, Object> blockOn(String latch) {
        return Map.of("latch", latch);
    }

    @Test
    void aChainNodeStartedWithoutARowCountsItsInterruptedAttempt() throws Exception {
        String runId = crashWhileBlocked(Wf.of("chain").set("retryPolicy", Wf.retry(3, 10))
                .action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.block", blockOn("b"))
                .action("c", "test.noop", Map.of())
                .edge("a", "b").edge("b", "c").json(), false, "b");
        Map<String, NodeRun> journal = nodes(second, runId);
        assertThat(journal.get("a").status()).isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(journal).as("b's start is the commit of a's completion; c never started")
                .doesNotContainKeys("b", "c");
        assertThat(second.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

        second.test.latch("b").countDown();
        resume();
        Map<String, NodeRun> n = nodes(second, runId);
        assertThat(second.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(n.get("a").attempt()).as("a completed node is not run again").isEqualTo(1);
        assertThat(second.test.calls).doesNotContainKey(runId + ":a");
        assertThat(n.get("b").attempt()).as("the interrupted attempt counted").isEqualTo(2);
        assertThat(n.get("c").attempt()).isEqualTo(1);
        assertThat(interruptedLogs(runId)).containsExactly("b");
    }

    @Test
    void aLongNodesRunningRowIsWrittenAndCountsTheSame() throws Exception {
        String runId = crashWhileBlocked(Wf.of("marked").set("retryPolicy", Wf.retry(3, 10))
                .action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.block", blockOn("b"))
                .edge("a", "b").json(), true, "b");
        assertThat(nodes(second, runId).get("b").status()).isEqualTo(NodeRunStatus.RUNNING);
        second.test.latch("b").countDown();
        resume();
        Map<String, NodeRun> n = nodes(second, runId);
        assertThat(n.get("b").attempt()).as("counted once, not once for the row and once for the journal")
                .isEqualTo(2);
        assertThat(interruptedLogs(runId)).containsExactly("b");
    }

    @Test
    void aFanOutsParallelNodesAllCountTheirInterruptedAttemptAndTheFanInDoesNot() throws Exception {
        Wf fan = Wf.of("fan").set("executionMode", "parallel").set("retryPolicy", Wf.retry(3, 10))
                .action("in", "test.noop", Map.of()).action("out", "test.noop", Map.of());
        for (int i = 0; i < 3; i++) {
            fan.action("m" + i, "test.block", blockOn("m" + i)).edge("in", "m" + i).edge("m" + i, "out");
        }
        String runId = crashWhileBlocked(fan.json(), false, "m0", "m1", "m2");
        assertThat(nodes(second, runId)).containsOnlyKeys("in");

        List.of("m0", "m1", "m2").forEach(m -> second.test.latch(m).countDown());
        resume();
        Map<String, NodeRun> n = nodes(second, runId);
        assertThat(second.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(n.get("in").attempt()).isEqualTo(1);
        for (String m : List.of("m0", "m1", "m2")) {
            assertThat(n.get(m).attempt()).as(m).isEqualTo(2);
        }
        assertThat(n.get("out").attempt()).as("the fan-in had not started").isEqualTo(1);
        assertThat(interruptedLogs(runId)).containsExactlyInAnyOrder("m0", "m1", "m2");
    }

    @Test
    void inSequentialModeOnlyTheFirstReadyNodeWasStarted() throws Exception {
        String runId = crashWhileBlocked(Wf.of("seq").set("retryPolicy", Wf.retry(3, 10))
                .action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.block", blockOn("b"))
                .action("c", "test.noop", Map.of())
                .edge("a", "b").edge("a", "c").json(), false, "b");
        assertThat(nodes(second, runId)).containsOnlyKeys("a");

        second.test.latch("b").countDown();
        resume();
        Map<String, NodeRun> n = nodes(second, runId);
        assertThat(n.get("b").attempt()).isEqualTo(2);
        assertThat(n.get("c").attempt()).as("c, ready too, waited for b: not started").isEqualTo(1);
        assertThat(interruptedLogs(runId)).containsExactly("b");
    }

    @Test
    void inSequentialModeAFirstAttemptIsMarkedWhileANodeWaitsForItsRetry() throws Exception {
        // f fails once and waits 60 s for its retry (the run continues with a delayed job);
        // meanwhile b starts: the journal cannot imply it (f waits), so b is marked running
        first = new Harness(dir.resolve("p1"), EngineSettings.DEFAULTS, 0);
        first.stopMarking();
        String id = first.publish(Wf.of("waits")
                .action("f", "test.flaky", Map.of("succeedOn", 2), Map.of("retryPolicy", Wf.retry(2, 60_000)))
                .action("b", "test.block", blockOn("b")).json());
        String runId = first.engine.start(id, null).runId();
        handleUntilBlocked(first.queue.claim("w", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1)).orElseThrow(),
                "b");
        Map<String, NodeRun> n = nodes(first, runId);
        assertThat(n.get("f").status()).isEqualTo(NodeRunStatus.PENDING);
        assertThat(n.get("b").status()).as("marked before it started").isEqualTo(NodeRunStatus.RUNNING);
    }

    @Test
    void aRetriedFailedRunDoesNotCountNodesThatNeverStartedAsInterrupted() throws Exception {
        // a failed run whose c never started (a's failure stopped the run as b completed)
        first = new Harness(dir.resolve("p1"), EngineSettings.DEFAULTS, 0);
        String id = first.publish(Wf.of("dlq").set("executionMode", "parallel")
                .action("a", "test.flaky", Map.of("succeedOn", 2))
                .action("b", "test.noop", Map.of())
                .action("c", "test.noop", Map.of())
                .edge("b", "c").json());
        String runId = "01JDLQRUN00000000000000000";
        first.db.write(x -> {
            x.update("INSERT INTO workflow_runs (id, workflow_id, workflow_version, status, input, correlation_id, "
                    + "started_at, completed_at) VALUES (?, ?, 1, 'failed', '{}', 'corr', ?, ?)", runId, id,
                    Instant.now().toString(), Instant.now().toString());
            x.update("INSERT INTO node_runs (id, run_id, node_id, action_type, status, error, attempt) "
                    + "VALUES ('r1', ?, 'a', 'test.flaky', 'failed', ?, 1)", runId, Json.error(
                            io.devrig.api.error.DevRigError.of("TEST_FLAKY",
                                    io.devrig.api.error.ErrorCategory.TRANSIENT, "attempt 1 fails")));
            x.update("INSERT INTO node_runs (id, run_id, node_id, action_type, status, output, attempt) "
                    + "VALUES ('r2', ?, 'b', 'test.noop', 'completed', '{\"ok\":true}', 1)", runId);
            return null;
        });
        first.engine.retry(runId, false);
        assertThat(first.engine.run(runId).orElseThrow().status()).as("waits for a worker to admit it")
                .isEqualTo(RunStatus.PENDING);
        Job job = first.queue.claim("w", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1)).orElseThrow();
        first.engine.handle(job);
        Map<String, NodeRun> n = nodes(first, runId);
        assertThat(first.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(n.get("a").attempt()).isEqualTo(2);
        assertThat(n.get("c").attempt()).as("c never started before: its first attempt").isEqualTo(1);
        assertThat(first.engine.detail(runId).orElseThrow().logs())
                .noneMatch(l -> l.message().contains("NODE_INTERRUPTED"));
    }

    @Test
    void aDuplicateJobWhileTheRunExecutesIsNotTakenForARestart() throws Exception {
        // the executor reads a run found running as left by a stopped execution; a second job
        // for a run this JVM executes must not, or it would count the running node as interrupted
        first = new Harness(dir.resolve("p1"), EngineSettings.DEFAULTS, 4);
        String id = first.publish(Wf.of("dup").action("a", "test.block", blockOn("a")).json());
        String runId = first.engine.start(id, null).runId();
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!first.test.blocked.contains("a")) {
            assertThat(System.nanoTime()).isLessThan(end);
            Thread.sleep(2);
        }
        String dup = first.queue.enqueue(io.devrig.api.queue.JobRequest.of(FlowEngine.JOB_TYPE,
                "{\"runId\":\"" + runId + "\"}"));
        while (first.queue.job(dup).orElseThrow().status() != io.devrig.api.queue.JobStatus.COMPLETED) {
            assertThat(System.nanoTime()).as("the duplicate job returns at once").isLessThan(end);
            Thread.sleep(5);
        }
        first.test.latch("a").countDown();
        assertThat(first.await(runId).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(nodes(first, runId).get("a").attempt()).isEqualTo(1);
        assertThat(first.engine.detail(runId).orElseThrow().logs())
                .noneMatch(l -> l.message().contains("NODE_INTERRUPTED"));
    }

    @Test
    void aRunningMarkNeverOverwritesWhatTheExecutorWrote() {
        first = new Harness(dir.resolve("p1"), EngineSettings.DEFAULTS, 0);
        String id = first.publish(Wf.of("late").action("a", "test.noop", Map.of()).json());
        String runId = first.engine.start(id, null).runId();
        first.db.write(x -> {
            x.update("INSERT INTO node_runs (id, run_id, node_id, action_type, status, output, attempt) "
                    + "VALUES ('r1', ?, 'a', 'test.noop', 'completed', '{\"ok\":true}', 1)", runId);
            // a mark taken before the completion was applied, written after it was committed
            RunStore.markRunning(x, runId, List.of(new RunExecution.Mark("r1", "a", "test.noop", 1, Instant.now(),
                    System.nanoTime())));
            return null;
        });
        assertThat(nodes(first, runId).get("a").status()).isEqualTo(NodeRunStatus.COMPLETED);
    }
}
