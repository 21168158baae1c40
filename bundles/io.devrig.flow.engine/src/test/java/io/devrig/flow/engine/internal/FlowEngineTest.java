package io.devrig.flow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.DryRunResult;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlowEngineTest {

    @TempDir
    Path dir;

    Harness h;

    @BeforeEach
    void start() {
        h = new Harness(dir);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    static Map<String, Object> compare(String path, String op, Object value) {
        return Map.of("type", "compare", "left", Map.of("type", "context", "path", path), "operator", op,
                "right", Map.of("type", "literal", "value", value));
    }

    Map<String, NodeRun> nodes(String runId) {
        RunDetail d = h.engine.detail(runId).orElseThrow();
        return d.nodes().stream().collect(Collectors.toMap(NodeRun::nodeId, Function.identity()));
    }

    @Test
    void aLinearWorkflowPassesOutputsDownThroughTemplates() throws Exception {
        String id = h.publish(Wf.of("linear")
                .action("a", "test.echo", Map.of("name", "{{input.name}}", "n", "{{input.n}}"))
                .action("b", "test.echo", Map.of("greeting", "Hello {{nodes.a.output.name}}", "n", "{{nodes.a.output.n}}"))
                .action("c", "test.echo", Map.of("all", Map.of("$ref", "nodes.b.output")))
                .edge("a", "b").edge("b", "c").json());
        RunSummary run = h.run(id, "{\"name\":\"Ada\",\"n\":3}");
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(run.workflowVersion()).isEqualTo(1);
        assertThat(run.durationMs()).isNotNull();
        Map<String, NodeRun> n = nodes(run.id());
        assertThat(n.values()).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(NodeRunStatus.COMPLETED);
            assertThat(r.attempt()).isEqualTo(1);
            assertThat(r.startedAt()).isNotNull();
            assertThat(r.completedAt()).isNotNull();
        });
        // a whole-value template keeps the JSON type: n stays a number
        assertThat(Json.read(n.get("c").output())).isEqualTo(Map.of("all", Map.of("greeting", "Hello Ada", "n", 3)));
        assertThat(Json.read(n.get("b").input())).isEqualTo(Map.of("greeting", "Hello Ada", "n", 3));
        // a completed run's status says it: no log line repeats it
        RunDetail d = h.engine.detail(run.id()).orElseThrow();
        assertThat(d.logs()).isEmpty();
    }

    @Test
    void aDiamondRunsItsBranchesInParallelAndTheJunctionWaitsForBoth() throws Exception {
        String id = h.publish(Wf.of("diamond").set("executionMode", "parallel")
                .action("start", "test.noop", Map.of())
                .action("left", "test.sleep", Map.of("ms", 300, "value", "L"))
                .action("right", "test.sleep", Map.of("ms", 300, "value", "R"))
                .junction("join")
                .action("end", "test.echo", Map.of("both", Map.of("$ref", "nodes.join.output")))
                .edge("start", "left").edge("start", "right").edge("left", "join").edge("right", "join")
                .edge("join", "end").json());
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.test.maxConcurrent.get()).isEqualTo(2);
        Map<String, NodeRun> n = nodes(run.id());
        assertThat(n.get("join").output()).isEqualTo("{\"left\":{\"value\":\"L\"},\"right\":{\"value\":\"R\"}}");
        assertThat(n.get("end").startedAt()).isGreaterThanOrEqualTo(n.get("left").completedAt())
                .isGreaterThanOrEqualTo(n.get("right").completedAt());
    }

    /**
     * Parallel nodes whose action type ran quickly before (NodeTimes) are not worth a node
     * thread: they run one after the other on the run's own thread, after the slow siblings
     * were handed to node threads. A type never seen before goes to a thread.
     */
    @Test
    void quickParallelNodesRunOnTheRunsThreadAndSlowOnesOnNodeThreads() throws Exception {
        Wf fan = Wf.of("quickfan").set("executionMode", "parallel").action("in", "test.noop", Map.of())
                .action("slow", "test.sleep", Map.of("ms", 50, "value", "s")).edge("in", "slow");
        for (int i = 0; i < 4; i++) {
            fan.action("q" + i, "test.thread", Map.of()).edge("in", "q" + i);
        }
        String id = h.publish(fan.json());
        RunSummary first = h.run(id, null);
        assertThat(first.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(threadsOf(first.id())).as("unknown types: node threads")
                .allSatisfy(t -> assertThat(t).startsWith("devrig-flow-node-"));

        // what more runs would teach the engine (fixed: the decision must not depend on the machine's speed)
        h.nodeTimes.fix("test.thread", 1_000);
        RunSummary second = h.run(id, null);
        assertThat(second.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(threadsOf(second.id())).as("known quick: the run's worker thread").hasSize(4)
                .allSatisfy(t -> assertThat(t).startsWith("devrig-queue-worker-"));
        Map<String, NodeRun> n = nodes(second.id());
        assertThat(n.get("slow").status()).isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(h.test.maxConcurrent.get()).as("the slow sibling still ran beside them").isGreaterThanOrEqualTo(1);
        // the quick ones' results were committed together: each has its own row, completed
        for (int i = 0; i < 4; i++) {
            assertThat(n.get("q" + i).status()).isEqualTo(NodeRunStatus.COMPLETED);
        }
    }

    /** A quick node that fails stops the run under errorHandling stop, once its quick siblings returned. */
    @Test
    void aFailingQuickParallelNodeStopsTheRun() throws Exception {
        // both known quick (fixed: the decision must not depend on the machine's speed)
        h.nodeTimes.fix("test.fail", 1_000);
        h.nodeTimes.fix("test.thread", 1_000);
        String id = h.publish(Wf.of("quickfail").set("executionMode", "parallel").action("in", "test.noop", Map.of())
                .action("boom", "test.fail", Map.of("retryable", false)).action("q", "test.thread", Map.of())
                .action("after", "test.noop", Map.of()).edge("in", "boom").edge("in", "q").edge("q", "after")
                .edge("boom", "after").json());
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("TEST_FAIL").contains("boom");
        Map<String, NodeRun> n = nodes(run.id());
        assertThat(n.get("boom").status()).isEqualTo(NodeRunStatus.FAILED);
        assertThat(n.get("q").status()).isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(n).doesNotContainKey("after");
    }

    /**
     * A chain of quick side-effect-free nodes commits once, before the first node with side
     * effects starts (its start mark holds their completions), not once per node.
     */
    @Test
    void quickPureNodesInAChainShareTheCommitBeforeTheNextSideEffect() throws Exception {
        // three attempts: a completion is only deferred for a node with an attempt to spare
        String chain = h.publish(Wf.of("pure3").set("retryPolicy", Wf.retry(3, 10)).action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.echo", Map.of("v", 2)).action("c", "test.echo", Map.of("v", 3))
                .action("s", "test.side", Map.of()).edge("a", "b").edge("b", "c").edge("c", "s").json());
        // what earlier runs would teach the engine (fixed: the decision must not depend on the machine's speed)
        h.nodeTimes.fix("test.echo", 1_000);
        int sides = h.test.sideEffects.size();
        h.awaitIdleWorkers(); // the start hands the job to a free worker (the count below assumes it)
        long before = Harness.COUNTS.getOrDefault("write", 0L);
        RunSummary run = h.run(chain, null);
        long writes = Harness.COUNTS.getOrDefault("write", 0L) - before;
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        // start (a free worker took the job: the run is admitted there), a+b+c before s starts, s
        // with the run's end and its job's completion
        assertThat(writes).isEqualTo(3);
        Map<String, NodeRun> n = nodes(run.id());
        assertThat(n.values()).extracting(NodeRun::status).containsOnly(NodeRunStatus.COMPLETED);
        assertThat(n.get("c").output()).isEqualTo("{\"v\":3}");
        assertThat(h.test.sideEffects).hasSize(sides + 1);

        // the same chain with a node of unknown speed: each completion is committed before the next starts
        String slow = h.publish(Wf.of("pure3slow").set("retryPolicy", Wf.retry(3, 10)).action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.thread", Map.of()).action("s", "test.side", Map.of()).edge("a", "b").edge("b", "s")
                .json());
        h.awaitIdleWorkers();
        before = Harness.COUNTS.getOrDefault("write", 0L);
        assertThat(h.run(slow, null).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(Harness.COUNTS.getOrDefault("write", 0L) - before).as("start with admission, a, b, s").isEqualTo(4);

        // with one attempt (nothing to spare for a lost completion) each is committed too
        String once = h.publish(Wf.of("pure3once").action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.echo", Map.of("v", 2)).action("s", "test.side", Map.of()).edge("a", "b")
                .edge("b", "s").json());
        h.awaitIdleWorkers();
        before = Harness.COUNTS.getOrDefault("write", 0L);
        assertThat(h.run(once, null).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(Harness.COUNTS.getOrDefault("write", 0L) - before).as("start with admission, a, b, s").isEqualTo(4);
    }

    private List<String> threadsOf(String runId) {
        return nodes(runId).values().stream().filter(r -> r.actionType().equals("test.thread"))
                .map(r -> (String) ((Map<?, ?>) Json.read(r.output())).get("thread")).toList();
    }

    @Test
    void aFastBranchGoesOnWhileItsSlowSiblingIsStillRunning() throws Exception {
        // "fast" comes first in definition order: before the fix, "slow" (the last node of
        // the batch) ran on the coordinating thread, which saw no other result until it returned
        String id = h.publish(Wf.of("branches").set("executionMode", "parallel")
                .action("fast", "test.noop", Map.of())
                .action("slow", "test.block", Map.of("latch", "slow"))
                .action("after-fast", "test.echo", Map.of("from", "fast"))
                .edge("fast", "after-fast").json());
        RunStart start = h.engine.start(id, null);
        awaitNode(start.runId(), "after-fast", NodeRunStatus.COMPLETED);
        assertThat(h.test.blocked).as("the slow sibling is still running").contains("slow");
        // a node running without a row of its own is given one soon (FlowEngine.markRunning)
        awaitNode(start.runId(), "slow", NodeRunStatus.RUNNING);
        h.test.latch("slow").countDown();
        assertThat(h.await(start.runId()).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void underErrorHandlingStopAFailureInterruptsTheRunningSiblingAtOnce() throws Exception {
        String id = h.publish(Wf.of("stopnow").set("executionMode", "parallel")
                .action("gate", "test.block", Map.of("latch", "gate"))
                .action("boom", "test.fail", Map.of("retryable", false))
                .action("slow", "test.block", Map.of("latch", "never"))
                .edge("gate", "boom").json());
        RunStart start = h.engine.start(id, null);
        // fail only once the sibling is surely running
        awaitBlocked("slow");
        h.test.latch("gate").countDown();
        RunSummary run = h.await(start.runId());
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("TEST_FAIL");
        assertThat(h.test.interrupted).as("the running sibling was interrupted").contains("slow");
        assertThat(h.test.latch("never").getCount()).as("nothing released it").isEqualTo(1);
        assertThat(nodes(start.runId()).get("slow").status()).isEqualTo(NodeRunStatus.FAILED);
    }

    @Test
    void aRetryIsStartedWhenDueWhileASiblingStillRuns() throws Exception {
        String id = h.publish(Wf.of("retry-beside").set("executionMode", "parallel")
                .action("flaky", "test.flaky", Map.of("succeedOn", 2), Map.of("retryPolicy", Wf.retry(2, 10)))
                .action("slow", "test.block", Map.of("latch", "slow"))
                .action("after", "test.noop", Map.of()).edge("flaky", "after").json());
        RunStart start = h.engine.start(id, null);
        // the second attempt and the successor run while the sibling is still blocked
        awaitNode(start.runId(), "after", NodeRunStatus.COMPLETED);
        assertThat(h.test.blocked).contains("slow");
        assertThat(nodes(start.runId()).get("flaky").attempt()).isEqualTo(2);
        h.test.latch("slow").countDown();
        assertThat(h.await(start.runId()).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aParallelNodesStartIsWhenItBeganNotWhenItWasQueued() throws Exception {
        // one node thread: the second branch waits in the pool's queue until the first returns
        h.close();
        h = new Harness(dir.resolve("one-thread"), new EngineSettings(1, Duration.ofMinutes(5), Duration.ofMillis(250),
                Duration.ofSeconds(2), Duration.ofSeconds(5), List.of()), 4);
        String id = h.publish(Wf.of("queued").set("executionMode", "parallel")
                .action("first", "test.block", Map.of("latch", "first"))
                .action("second", "test.noop", Map.of()).json());
        RunStart start = h.engine.start(id, null);
        awaitBlocked("first");
        Thread.sleep(50); // the clock must move on between being queued and beginning
        java.time.Instant released = java.time.Instant.now();
        h.test.latch("first").countDown();
        h.await(start.runId());
        NodeRun second = nodes(start.runId()).get("second");
        assertThat(Times.parse(second.startedAt())).as("began once the only node thread was free")
                .isAfterOrEqualTo(released.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    private void awaitBlocked(String nodeId) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!h.test.blocked.contains(nodeId)) {
            if (System.nanoTime() > end) {
                throw new AssertionError(nodeId + " never started");
            }
            Thread.sleep(5);
        }
    }

    private void awaitNode(String runId, String nodeId, NodeRunStatus status) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            NodeRun n = nodes(runId).get(nodeId);
            if (n != null && n.status() == status) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("node " + nodeId + " of run " + runId + " never became " + status + ": " + nodes(runId));
    }

    @Test
    void inSequentialModeIndependentBranchesRunOneAtATime() throws Exception {
        String id = h.publish(Wf.of("seq")
                .action("left", "test.sleep", Map.of("ms", 100, "value", "L"))
                .action("right", "test.sleep", Map.of("ms", 100, "value", "R")).json());
        assertThat(h.run(id, null).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.test.maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void aConditionChoosesABranchAndTheOtherIsRecordedSkipped() throws Exception {
        String id = h.publish(Wf.of("branch")
                .condition("check", compare("input.state", "eq", "open"))
                .action("yes", "test.echo", Map.of("branch", "yes"))
                .action("no", "test.echo", Map.of("branch", "no"))
                .action("after-no", "test.noop", Map.of())
                .action("merge", "test.echo", Map.of("seen", "{{nodes.yes.output.branch}}"))
                .edge("check", "yes", "true", null).edge("check", "no", "false", null)
                .edge("no", "after-no").edge("yes", "merge").edge("after-no", "merge").json());
        RunSummary open = h.run(id, "{\"state\":\"open\"}");
        assertThat(open.status()).isEqualTo(RunStatus.COMPLETED);
        Map<String, NodeRun> n = nodes(open.id());
        assertThat(n.get("check").output()).isEqualTo("{\"result\":true}");
        assertThat(n.get("yes").status()).isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(n.get("no").status()).isEqualTo(NodeRunStatus.SKIPPED);
        assertThat(n.get("after-no").status()).isEqualTo(NodeRunStatus.SKIPPED);
        assertThat(n.get("merge").output()).isEqualTo("{\"seen\":\"yes\"}");

        RunSummary closed = h.run(id, "{\"state\":\"closed\"}");
        Map<String, NodeRun> m = nodes(closed.id());
        assertThat(m.get("yes").status()).isEqualTo(NodeRunStatus.SKIPPED);
        assertThat(m.get("no").status()).isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(m.get("merge").status()).isEqualTo(NodeRunStatus.COMPLETED);
    }

    @Test
    void anEdgeConditionThatDoesNotHoldSkipsItsTarget() throws Exception {
        String id = h.publish(Wf.of("edges")
                .action("a", "test.echo", Map.of("n", "{{input.n}}"))
                .action("big", "test.noop", Map.of())
                .action("small", "test.noop", Map.of())
                .edge("a", "big", null, compare("nodes.a.output.n", "gt", 10))
                .edge("a", "small", null, compare("nodes.a.output.n", "lte", 10)).json());
        RunSummary run = h.run(id, "{\"n\":42}");
        Map<String, NodeRun> n = nodes(run.id());
        assertThat(n.get("big").status()).isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(n.get("small").status()).isEqualTo(NodeRunStatus.SKIPPED);
    }

    @Test
    void aFailingNodeIsRetriedUnderItsPolicyUntilItSucceeds() throws Exception {
        String id = h.publish(Wf.of("flaky")
                .action("f", "test.flaky", Map.of("succeedOn", 3), Map.of("retryPolicy", Wf.retry(3, 20)))
                .json());
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        NodeRun f = nodes(run.id()).get("f");
        assertThat(f.attempt()).isEqualTo(3);
        assertThat(f.output()).isEqualTo("{\"attempt\":3}");
        assertThat(f.error()).isNull();
        assertThat(h.test.calls.get(run.id() + ":f").get()).isEqualTo(3);
        assertThat(h.engine.detail(run.id()).orElseThrow().logs()).extracting(l -> l.message())
                .anyMatch(m -> m.startsWith("attempt 1 of 3 failed (TEST_FLAKY"))
                .anyMatch(m -> m.startsWith("attempt 2 of 3 failed (TEST_FLAKY"));
        // log lines carry the run's correlation id; the completed run adds none of its own
        assertThat(h.engine.detail(run.id()).orElseThrow().logs()).hasSize(2)
                .allSatisfy(l -> assertThat(l.correlationId()).isEqualTo(run.correlationId()));
    }

    @Test
    void aNodeThatKeepsFailingFailsTheRunAfterItsLastAttempt() throws Exception {
        String id = h.publish(Wf.of("doomed")
                .action("f", "test.fail", Map.of(), Map.of("retryPolicy", Wf.retry(2, 10)))
                .action("next", "test.side", Map.of()).edge("f", "next").json());
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("\"code\":\"TEST_FAIL\"").contains("\"nodeId\":\"f\"");
        NodeRun f = nodes(run.id()).get("f");
        assertThat(f.status()).isEqualTo(NodeRunStatus.FAILED);
        assertThat(f.attempt()).isEqualTo(2);
        assertThat(nodes(run.id())).doesNotContainKey("next");
        assertThat(h.test.sideEffects).isEmpty();
    }

    /** The run-finished listener (Event Admin's RUN_FINISHED in the server) hears each end once, after its commit. */
    @Test
    void aFinishedRunIsAnnouncedOnceAfterItsFinalStateIsCommitted() throws Exception {
        String ok = h.publish(Wf.of("fine").action("a", "test.noop", Map.of()).json());
        String bad = h.publish(Wf.of("bad").action("f", "test.fail", Map.of(), Map.of("retryPolicy", Wf.retry(1, 10)))
                .json());
        RunSummary good = h.run(ok, null);
        RunSummary failed = h.run(bad, null);
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (h.finished.size() < 2 && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(h.finished).containsExactlyInAnyOrder(
                good.id() + " fine completed stored completed", failed.id() + " bad failed stored failed");
    }

    @Test
    void aFailedRunsJobIsDeadLetteredAndRetryingItResumesTheRunFromTheFailedNode() throws Exception {
        String id = h.publish(Wf.of("dlq")
                .action("first", "test.flaky", Map.of("succeedOn", 1))
                .action("f", "test.flaky", Map.of("succeedOn", 3), Map.of("retryPolicy", Wf.retry(2, 10)))
                .action("last", "test.echo", Map.of("from", "{{nodes.f.output.attempt}}"))
                .edge("first", "f").edge("f", "last").json());
        RunSummary failed = h.run(id, null);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(nodes(failed.id()).get("f").attempt()).isEqualTo(2);
        // the job is dead, with the run's failure as its error
        io.devrig.api.queue.DeadJob dead = awaitDead(failed.id());
        assertThat(dead.errors()).last().satisfies(a -> {
            assertThat(a.error().code()).isEqualTo("RUN_FAILED");
            assertThat(a.error().message()).contains("at node f", "TEST_FLAKY");
        });

        h.queue.retryDead(dead.job().id());
        awaitStatus(failed.id(), RunStatus.COMPLETED);
        Map<String, NodeRun> n = nodes(failed.id());
        assertThat(n.get("f").attempt()).isEqualTo(3);
        assertThat(Json.read(n.get("last").output())).isEqualTo(Map.of("from", 3));
        assertThat(h.test.calls.get(failed.id() + ":first").get()).as("a completed node is not run again").isEqualTo(1);
        assertThat(h.engine.detail(failed.id()).orElseThrow().logs()).extracting(l -> l.message())
                .anyMatch(m -> m.startsWith("run resumed from the dead-letter queue"));
    }

    @Test
    void retryingAFailedRunOnTheLatestVersionKeepsTheOutputsOfUnchangedNodes() throws Exception {
        Wf v1 = Wf.of("fixme")
                .action("fetch", "test.side", Map.of())
                .action("parse", "test.fail", Map.of("retryable", false))
                .action("report", "test.echo", Map.of("from", "{{nodes.parse.output.value}}"))
                .edge("fetch", "parse").edge("parse", "report");
        String id = h.publish(v1.json());
        RunSummary failed = h.run(id, null);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        awaitDead(failed.id());
        // the fix: parse no longer fails
        h.publish(Wf.of("fixme")
                .action("fetch", "test.side", Map.of())
                .action("parse", "test.echo", Map.of("value", "parsed"))
                .action("report", "test.echo", Map.of("from", "{{nodes.parse.output.value}}"))
                .edge("fetch", "parse").edge("parse", "report").json());

        io.devrig.api.flow.RunRetry retry = h.engine.retry(failed.id(), true);
        assertThat(retry.fromVersion()).isEqualTo(1);
        assertThat(retry.version()).isEqualTo(2);
        assertThat(retry.kept()).containsExactly("fetch");
        assertThat(retry.rerun()).containsExactly("parse", "report");
        RunSummary done = h.await(failed.id());
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.workflowVersion()).isEqualTo(2);
        assertThat(h.test.sideEffects).as("the unchanged node kept its output").containsExactly(failed.id() + ":fetch");
        assertThat(Json.read(nodes(failed.id()).get("report").output())).isEqualTo(Map.of("from", "parsed"));
        assertThat(h.queue.deadJobs(100)).as("the run's dead job was taken back").isEmpty();
        assertThat(h.engine.detail(failed.id()).orElseThrow().logs()).extracting(l -> l.message())
                .anyMatch(m -> m.startsWith("run retried on v2 (it failed on v1): outputs kept for fetch"));
    }

    @Test
    void aChangedNodeAndEverythingBelowItRunAgainOnTheLatestVersion() throws Exception {
        String id = h.publish(Wf.of("changed")
                .action("fetch", "test.side", Map.of())
                .action("parse", "test.fail", Map.of("retryable", false))
                .edge("fetch", "parse").json());
        RunSummary failed = h.run(id, null);
        awaitDead(failed.id());
        h.publish(Wf.of("changed")
                .action("fetch", "test.side", Map.of("since", "yesterday"))
                .action("parse", "test.echo", Map.of("ok", true))
                .edge("fetch", "parse").json());
        io.devrig.api.flow.RunRetry retry = h.engine.retry(failed.id(), true);
        assertThat(retry.kept()).isEmpty();
        assertThat(retry.rerun()).containsExactly("fetch", "parse");
        assertThat(h.await(failed.id()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.test.sideEffects).containsExactly(failed.id() + ":fetch", failed.id() + ":fetch");
    }

    @Test
    void retryingWithoutLatestStaysOnTheFailedVersion() throws Exception {
        String id = h.publish(Wf.of("same")
                .action("a", "test.side", Map.of())
                .action("f", "test.fail", Map.of("retryable", false)).edge("a", "f").json());
        RunSummary failed = h.run(id, null);
        awaitDead(failed.id());
        h.publish(Wf.of("same").action("a", "test.side", Map.of())
                .action("f", "test.echo", Map.of()).edge("a", "f").json());
        io.devrig.api.flow.RunRetry retry = h.engine.retry(failed.id(), false);
        assertThat(retry.version()).isEqualTo(1);
        assertThat(retry.kept()).containsExactly("a");
        assertThat(retry.rerun()).containsExactly("f");
        awaitDead(failed.id());
        RunSummary again = h.await(failed.id());
        assertThat(again.status()).isEqualTo(RunStatus.FAILED);
        assertThat(again.workflowVersion()).isEqualTo(1);
        assertThat(nodes(failed.id()).get("f").attempt()).isEqualTo(2);
        assertThat(h.test.sideEffects).containsExactly(failed.id() + ":a");
        assertThatThrownBy(() -> h.engine.retry("nope", false)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND));
        String ok = h.publish(Wf.of("fine").action("a", "test.noop", Map.of()).json());
        RunSummary completed = h.run(ok, null);
        assertThatThrownBy(() -> h.engine.retry(completed.id(), true)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.CONFLICT));
    }

    private io.devrig.api.queue.DeadJob awaitDead(String runId) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            for (io.devrig.api.queue.DeadJob d : h.queue.deadJobs(100)) {
                if (d.job().payload().contains(runId)) {
                    return d;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no dead job for run " + runId);
    }

    @Test
    void aPermanentErrorIsNotRetried() throws Exception {
        String id = h.publish(Wf.of("permanent")
                .action("f", "test.fail", Map.of("retryable", false), Map.of("retryPolicy", Wf.retry(5, 10))).json());
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(nodes(run.id()).get("f").attempt()).isEqualTo(1);
    }

    @Test
    void errorHandlingSkipGoesOnWithoutTheFailedNodesOutput() throws Exception {
        String id = h.publish(Wf.of("skip").set("errorHandling", "skip")
                .action("f", "test.fail", Map.of())
                .action("next", "test.echo", Map.of("from", Map.of("$ref", "nodes.f.output"), "ok", true))
                .edge("f", "next").json());
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        Map<String, NodeRun> n = nodes(run.id());
        assertThat(n.get("f").status()).isEqualTo(NodeRunStatus.FAILED);
        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("from", null);
        expected.put("ok", true);
        assertThat(Json.read(n.get("next").output())).isEqualTo(expected);
    }

    @Test
    void errorHandlingRetryGivesTheNodeASecondRoundUnderTheWorkflowPolicy() throws Exception {
        String id = h.publish(Wf.of("retry").set("errorHandling", "retry").set("retryPolicy", Wf.retry(2, 10))
                .action("f", "test.flaky", Map.of("succeedOn", 3), Map.of("retryPolicy", Wf.retry(2, 10))).json());
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(nodes(run.id()).get("f").attempt()).isEqualTo(3);
    }

    @Test
    void aRunPastItsTimeoutEndsTimedOutAndItsNodeIsInterrupted() throws Exception {
        String id = h.publish(Wf.of("slow").set("timeoutMs", 1000)
                .action("s", "test.sleep", Map.of("ms", 30_000, "value", "x")).json());
        long t0 = System.nanoTime();
        RunSummary run = h.run(id, null);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(8));
        assertThat(run.status()).isEqualTo(RunStatus.TIMED_OUT);
        assertThat(run.error()).contains("RUN_TIMEOUT");
        assertThat(h.test.interrupted).contains("s");
        assertThat(nodes(run.id()).get("s").status()).isEqualTo(NodeRunStatus.FAILED);
    }

    @Test
    void aNodePastItsOwnTimeoutFailsWithATimeout() throws Exception {
        String id = h.publish(Wf.of("nodeslow")
                .action("s", "test.sleep", Map.of("ms", 30_000, "value", "x"), Map.of("timeoutMs", 1000)).json());
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(nodes(run.id()).get("s").error()).contains("ACTION_TIMEOUT");
    }

    @Test
    void aNodeOutOfTimeAlwaysFailsWithActionTimeoutWhicheverClockNoticedFirst() throws Exception {
        // the action notices its deadline itself and says TIMEOUT, racing the registry's call
        // timer (ACTION_TIMEOUT): the engine's node timeout decides the code
        String id = h.publish(Wf.of("deadline")
                .action("w", "test.until-deadline", Map.of(), Map.of("timeoutMs", 1000)).json());
        for (int i = 0; i < 3; i++) {
            RunSummary run = h.run(id, null);
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            NodeRun w = nodes(run.id()).get("w");
            assertThat(Json.parseError(w.error()).code()).as("run %d: %s", i, w.error()).isEqualTo("ACTION_TIMEOUT");
            assertThat(Json.parseError(w.error()).category()).isEqualTo(io.devrig.api.error.ErrorCategory.TIMEOUT);
        }
    }

    @Test
    void cancellingARunInterruptsItsRunningAction() throws Exception {
        String id = h.publish(Wf.of("cancel")
                .action("s", "test.sleep", Map.of("ms", 30_000, "value", "x"))
                .action("after", "test.side", Map.of()).edge("s", "after").json());
        RunStart start = h.engine.start(id, null);
        awaitStatus(start.runId(), RunStatus.RUNNING);
        Thread.sleep(200);
        long t0 = System.nanoTime();
        assertThat(h.engine.cancel(start.runId())).isTrue();
        RunSummary run = h.await(start.runId());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(h.test.interrupted).contains("s");
        assertThat(h.test.sideEffects).isEmpty();
        assertThat(h.engine.cancel(start.runId())).as("a final run cannot be cancelled").isFalse();
        assertThat(h.engine.cancel("no-such-run")).isFalse();
    }

    @Test
    void maxConcurrentRunsHoldsExtraRunsBackUntilASlotFrees() throws Exception {
        String id = h.publish(Wf.of("one-at-a-time").set("maxConcurrentRuns", 1)
                .action("s", "test.sleep", Map.of("ms", 150, "value", "{{input.i}}")).json());
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(h.engine.start(id, "{\"i\":" + i + "}").runId());
        }
        for (String r : runs) {
            assertThat(h.await(r).status()).isEqualTo(RunStatus.COMPLETED);
        }
        assertThat(h.test.maxConcurrent.get()).isEqualTo(1);
    }

    @Test
    void runsStayOnTheVersionTheyStartedOn() throws Exception {
        String v1 = Wf.of("pinned")
                .action("s", "test.sleep", Map.of("ms", 400, "value", "v1")).json();
        String id = h.publish(v1);
        String r1 = h.engine.start(id, null).runId();
        String r2 = h.engine.start(id, null).runId();
        h.publish(Wf.of("pinned").action("s", "test.sleep", Map.of("ms", 10, "value", "v2")).json());
        assertThat(h.await(r1).workflowVersion()).isEqualTo(1);
        assertThat(nodes(r1).get("s").output()).isEqualTo("{\"value\":\"v1\"}");
        assertThat(h.await(r2).workflowVersion()).isEqualTo(1);
        assertThat(nodes(r2).get("s").output()).isEqualTo("{\"value\":\"v1\"}");
        RunSummary r3 = h.run(id, null);
        assertThat(r3.workflowVersion()).isEqualTo(2);
        assertThat(nodes(r3.id()).get("s").output()).isEqualTo("{\"value\":\"v2\"}");
    }

    @Test
    void aVersionStoredInAnOlderSchemaIsMigratedWhenItRuns() throws Exception {
        String id = h.publish(Wf.of("old").action("a", "test.echo", Map.of("x", 1))
                .action("b", "test.echo", Map.of("y", "{{nodes.a.output.x}}")).edge("a", "b").json());
        // rewrite the stored version as schema 0 wrote it: edges with from/to
        h.db.write(x -> x.update("UPDATE workflow_versions SET schema_version = 0, definition = "
                + "json_remove(json_set(definition, '$.edges', json('[{\"id\":\"e\",\"from\":\"a\",\"to\":\"b\"}]')), "
                + "'$.schemaVersion') WHERE workflow_id = ?", id));
        RunSummary run = h.run(id, null);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(nodes(run.id()).get("b").output()).isEqualTo("{\"y\":1}");
    }

    @Test
    void aDryRunPreviewsSideEffectsAndWritesOnlyItsRecord() throws Exception {
        String id = h.publish(Wf.of("dry")
                .action("a", "test.echo", Map.of("to", "{{input.to}}"))
                .action("send", "test.side", Map.of("to", "{{nodes.a.output.to}}"))
                .edge("a", "send").json());
        DryRunResult r = h.engine.dryRun(id, false, "{\"to\":\"ops\"}");
        assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(r.validation().valid()).isTrue();
        assertThat(r.path()).containsExactly("a", "send");
        assertThat(r.nodes()).extracting(NodeRun::status).containsExactly(NodeRunStatus.COMPLETED,
                NodeRunStatus.PREVIEWED);
        assertThat(r.nodes().get(1).output()).contains("\"preview\":true").contains("\"to\":\"ops\"");
        assertThat(h.test.sideEffects).as("the side effect must not happen").isEmpty();
        assertThat(h.db.read(x -> x.queryLong("SELECT count(*) FROM workflow_runs")).orElseThrow()).isZero();
        assertThat(h.db.read(x -> x.queryLong("SELECT count(*) FROM node_runs")).orElseThrow()).isZero();
        assertThat(h.db.read(x -> x.queryLong("SELECT count(*) FROM dry_runs WHERE id = ?", r.id())).orElseThrow())
                .isEqualTo(1);
    }

    @Test
    void aDryRunOfADraftWithAnUnknownActionRunsNothing() throws Exception {
        String json = Wf.of("drydraft").action("a", "test.side", Map.of()).action("b", "nobody.has", Map.of())
                .edge("a", "b").json();
        assertThat(h.workflows.saveDraft(json).saved()).isTrue();
        DryRunResult r = h.engine.dryRun("drydraft", true, null);
        assertThat(r.validation().valid()).isFalse();
        assertThat(r.validation().errors()).anyMatch(e -> e.contains("nobody.has"));
        assertThat(r.nodes()).isEmpty();
        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(h.test.sideEffects).isEmpty();
    }

    @Test
    void entryConditionsThatDoNotHoldCreateNoRunAndAreLogged() throws Exception {
        String id = h.publish(Wf.of("entry").top("entryConditions", List.of(compare("input.kind", "eq", "push")))
                .action("a", "test.side", Map.of()).json());
        RunStart skipped = h.engine.start(id, "{\"kind\":\"pull\"}");
        assertThat(skipped.started()).isFalse();
        assertThat(skipped.skipped()).contains("entry condition 0 does not hold");
        assertThat(h.engine.runs(RunQuery.all())).isEmpty();
        assertThat(h.db.read(x -> x.queryLong("SELECT count(*) FROM execution_logs WHERE run_id IS NULL "
                + "AND correlation_id = ? AND message LIKE '%skipped%'", skipped.correlationId())).orElseThrow())
                .isEqualTo(1);
        RunStart started = h.engine.start(id, "{\"kind\":\"push\"}");
        assertThat(h.await(started.runId()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.test.sideEffects).hasSize(1);
    }

    @Test
    void aManualRunInputIsCheckedAgainstTheTriggersSchema() throws Exception {
        String id = h.publish(Wf.of("schema").top("trigger", Map.of("type", "manual", "inputSchema", Map.of(
                "type", "object", "required", List.of("repo"),
                "properties", Map.of("repo", Map.of("type", "string")))))
                .action("a", "test.noop", Map.of()).json());
        assertThatThrownBy(() -> h.engine.start(id, "{\"repo\": 5}")).isInstanceOfSatisfying(DevRigException.class,
                e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("/repo");
                });
        assertThatThrownBy(() -> h.engine.start(id, "{}")).hasMessageContaining("repo");
        assertThatThrownBy(() -> h.engine.start(id, "[1]")).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> h.engine.start(id, "{oops")).hasMessageContaining("not valid JSON");
        assertThat(h.engine.runs(RunQuery.all())).isEmpty();
        assertThat(h.run(id, "{\"repo\":\"devrig\"}").status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void startRefusesUnknownUnpublishedAndDisabledWorkflows() {
        assertThatThrownBy(() -> h.engine.start("nope", null)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.NOT_FOUND));
        h.workflows.saveDraft(Wf.of("draftonly").action("a", "test.noop", Map.of()).json());
        assertThatThrownBy(() -> h.engine.start("draftonly", null)).hasMessageContaining("no published version");
        String id = h.publish(Wf.of("off").action("a", "test.noop", Map.of()).json());
        h.workflows.setEnabled(id, false);
        assertThatThrownBy(() -> h.engine.start(id, null)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.CONFLICT));
    }

    @Test
    void aNodeFoundRunningAfterACrashIsRetriedAsItsNextAttempt() throws Exception {
        String id = h.publish(Wf.of("crash")
                .action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.side", Map.of(), Map.of("retryPolicy", Wf.retry(3, 10)))
                .edge("a", "b").json());
        String runId = "01JCRASHRUN0000000000000000";
        h.crashedRun(runId, id);
        assertThat(h.engine.resumeOrphans()).isEqualTo(1);
        RunSummary run = h.await(runId);
        assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
        Map<String, NodeRun> n = nodes(runId);
        assertThat(n.get("a").attempt()).as("a completed node is not run again").isEqualTo(1);
        assertThat(h.test.calls).doesNotContainKey(runId + ":a");
        assertThat(n.get("b").attempt()).isEqualTo(2);
        assertThat(h.test.sideEffects).containsExactly(runId + ":b");
        assertThat(h.engine.detail(runId).orElseThrow().logs()).extracting(l -> l.message())
                .anyMatch(m -> m.contains("NODE_INTERRUPTED"));
        assertThat(h.engine.resumeOrphans()).isZero();
    }

    @Test
    void lostClaimsOfARunsJobDoNotUseUpItsAttemptsTheNodesDo() throws Exception {
        h.close();
        h = new Harness(dir.resolve("driven"), EngineSettings.DEFAULTS, 0); // the test plays the workers
        String id = h.publish(Wf.of("killed")
                .action("a", "test.side", Map.of(), Map.of("retryPolicy", Wf.retry(10, 10))).json());
        String runId = h.engine.start(id, null).runId();
        String jobId = h.queue.jobs(FlowEngine.JOB_TYPE, java.util.EnumSet.of(io.devrig.api.queue.JobStatus.PENDING), 10)
                .get(0).id();
        // the server is killed three times while the job is processing (queue maxAttempts 3)
        for (int kill = 1; kill <= 3; kill++) {
            h.queue.claim("dead-worker-" + kill, java.util.Set.of(FlowEngine.JOB_TYPE), Duration.ofMillis(1)).orElseThrow();
            Thread.sleep(5);
            assertThat(h.queue.rescueExpired().dead()).isZero();
        }
        io.devrig.api.queue.Job job = h.queue.job(jobId).orElseThrow();
        assertThat(job.status()).as("not dead-lettered: %s", job).isEqualTo(io.devrig.api.queue.JobStatus.PENDING);
        io.devrig.api.queue.Job claimed = h.queue.claim("live", java.util.Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1))
                .orElseThrow();
        h.engine.handle(claimed);
        assertThat(h.queue.complete(claimed.id(), "live")).isTrue();
        assertThat(h.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aCompletedRunsEndIsLeftToItsJobsCompletionAndAfterACrashBeforeItTheRunResumes() throws Exception {
        h.close();
        h = new Harness(dir.resolve("end-with-job"), EngineSettings.DEFAULTS, 0); // the test plays the pool
        h.nodeTimes.fix("test.echo", 1_000);
        h.nodeTimes.fix("test.upsert", 1_000);
        Map<String, Object> spare = Map.of("retryPolicy", Wf.retry(3, 10));
        String id = h.publish(Wf.of("ends").action("a", "test.echo", Map.of("v", 1), spare)
                .action("u", "test.upsert", Map.of(), spare).edge("a", "u").json());
        String runId = h.engine.start(id, null).runId();
        io.devrig.api.queue.Job claimed = h.queue.claim("w1", java.util.Set.of(FlowEngine.JOB_TYPE),
                Duration.ofMillis(50)).orElseThrow();

        io.devrig.api.store.SqlWork<Void> end = h.engine.handleWithCompletion(claimed);

        assertThat(end).as("a job the pool claimed: the run's end goes with the completion").isNotNull();
        assertThat(h.test.upserts.get(runId + ":u").get()).isEqualTo(1);
        assertThat(h.engine.run(runId).orElseThrow().status()).as("nothing of the end is written yet")
                .isEqualTo(RunStatus.RUNNING);
        assertThat(nodes(runId)).as("the idempotent node needed no start commit: the journal is empty").isEmpty();
        // the server dies before the pool's group commit: the end is lost with it, the claim expires
        Thread.sleep(60);
        assertThat(h.queue.rescueExpired().requeued()).isEqualTo(1);
        io.devrig.api.queue.Job again = h.queue.claim("w2", java.util.Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1))
                .orElseThrow();
        h.engine.handle(again); // handle(): writes the end itself
        assertThat(h.queue.complete(again.id(), "w2")).isTrue();

        assertThat(h.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        // the nodes ran again, the keyed upsert with the same key: still one entry
        assertThat(h.test.upserts).containsOnlyKeys(runId + ":u");
        assertThat(h.test.upserts.get(runId + ":u").get()).isEqualTo(2);
        assertThat(nodes(runId).get("u").status()).isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(nodes(runId).get("a").output()).isEqualTo("{\"v\":1}");
    }

    @Test
    void runsThePoolClaimsAreAdmittedByTheClaimAndEndWithTheirJobsCompletions() throws Exception {
        // started while no worker ran (a backlog, or before a restart): nothing is handed over in memory
        h.close();
        Path d = dir.resolve("claimed");
        h = new Harness(d, EngineSettings.DEFAULTS, 0);
        String id = h.publish(Wf.of("replay").set("retryPolicy", Wf.retry(3, 10)).set("maxConcurrentRuns", 10)
                .action("a", "test.echo", Map.of("v", 1)).action("u", "test.upsert", Map.of()).edge("a", "u").json());
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(h.engine.start(id, null).runId());
        }
        h.close();
        h = new Harness(d, EngineSettings.DEFAULTS, 0);
        h.nodeTimes.fix("test.echo", 1_000);
        h.nodeTimes.fix("test.upsert", 1_000);
        long writes = completeThroughAPool(runs);

        // each run admitted in the transaction that claimed its job, its nodes' completions and its
        // end committed with its job's completion: no transaction of the engine's own
        assertThat(writes).isZero();
        for (String runId : runs) {
            RunSummary run = h.engine.run(runId).orElseThrow();
            assertThat(run.startedAt()).isNotNull();
            assertThat(nodes(runId).values()).extracting(NodeRun::status).containsOnly(NodeRunStatus.COMPLETED);
            assertThat(h.test.upserts.get(runId + ":u").get()).isEqualTo(1);
            assertThat(h.queue.jobs(FlowEngine.JOB_TYPE, java.util.EnumSet.of(io.devrig.api.queue.JobStatus.PENDING,
                    io.devrig.api.queue.JobStatus.PROCESSING), 10)).isEmpty();
        }
        assertThat(h.finished).hasSize(runs.size()).allSatisfy(f -> assertThat(f).endsWith("completed stored completed"));
    }

    @Test
    void runsStartedHereWhileNoWorkerWasFreeAreAdmittedByTheirClaim() throws Exception {
        // started in this process while no worker was free: kept in memory, pending until claimed
        h.close();
        h = new Harness(dir.resolve("started-pending"), EngineSettings.DEFAULTS, 0);
        String id = h.publish(Wf.of("pending-here").set("retryPolicy", Wf.retry(3, 10)).set("maxConcurrentRuns", 10)
                .action("a", "test.echo", Map.of("v", 1)).action("u", "test.upsert", Map.of()).edge("a", "u").json());
        h.nodeTimes.fix("test.echo", 1_000);
        h.nodeTimes.fix("test.upsert", 1_000);
        List<String> runs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            runs.add(h.engine.start(id, null).runId());
        }
        assertThat(runs).allSatisfy(r -> assertThat(h.engine.run(r).orElseThrow().status()).isEqualTo(RunStatus.PENDING));
        long writes = completeThroughAPool(runs);

        // admitted in the claim's transaction, ended with the job's completion: no write of its own
        assertThat(writes).isZero();
        for (String runId : runs) {
            assertThat(h.engine.run(runId).orElseThrow().startedAt()).isNotNull();
            assertThat(h.test.upserts.get(runId + ":u").get()).isEqualTo(1);
        }
    }

    @Test
    void aRunStartedHereAndCancelledAfterItsClaimAdmittedItEndsBeforeAnyNode() throws Exception {
        cancelAfterTheClaimAdmittedTheRun("started-cancel", false);
    }

    /** Runs the runs' jobs through a pool of two workers until each run completed; the engine's own writes meanwhile. */
    private long completeThroughAPool(List<String> runs) throws Exception {
        io.devrig.queue.internal.WorkerPool pool = new io.devrig.queue.internal.WorkerPool(h.queue,
                io.devrig.queue.internal.PoolSettings.DEFAULTS.withWorkers(2, 2).withPollInterval(Duration.ofMillis(20)));
        pool.register(FlowEngine.JOB_TYPE, Harness.jobHandler(h.engine));
        long before = Harness.COUNTS.getOrDefault("write", 0L);
        try {
            pool.start();
            for (String runId : runs) {
                awaitStatus(runId, RunStatus.COMPLETED);
            }
        } finally {
            pool.close();
        }
        return Harness.COUNTS.getOrDefault("write", 0L) - before;
    }

    @Test
    void aCancelBetweenTheClaimAndTheWorkerEndsTheRunBeforeAnyNode() throws Exception {
        cancelAfterTheClaimAdmittedTheRun("claimed-cancel", true);
    }

    /**
     * A run started (and, with {@code restart}, the engine restarted so nothing of it is in
     * memory), its job claimed in a transaction that admits it, then cancelled before its
     * worker takes it up: it ends cancelled and its node never runs.
     */
    private void cancelAfterTheClaimAdmittedTheRun(String name, boolean restart) throws Exception {
        h.close();
        Path d = dir.resolve(name);
        h = new Harness(d, EngineSettings.DEFAULTS, 0);
        String id = h.publish(Wf.of(name).action("s", "test.side", Map.of()).json());
        String runId = h.engine.start(id, null).runId();
        if (restart) {
            h.close();
            h = new Harness(d, EngineSettings.DEFAULTS, 0);
        }
        io.devrig.api.queue.Job job = h.db.write(tx -> {
            io.devrig.api.queue.Job claimed = h.queue.claim("w", java.util.Set.of(FlowEngine.JOB_TYPE),
                    Duration.ofMinutes(1)).orElseThrow();
            h.engine.claimed(tx, List.of(claimed));
            return claimed;
        });
        assertThat(h.engine.run(runId).orElseThrow().status()).as("admitted by the claim").isEqualTo(RunStatus.RUNNING);

        assertThat(h.engine.cancel(runId)).isTrue();
        h.engine.handle(job);

        assertThat(h.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(h.test.sideEffects).isEmpty();
    }

    @Test
    void aRunWhoseLastNodeMayNotRunTwiceWritesItsEndAtOnce() throws Exception {
        h.close();
        h = new Harness(dir.resolve("end-now"), EngineSettings.DEFAULTS, 0);
        Map<String, Object> spare = Map.of("retryPolicy", Wf.retry(3, 10));
        String side = h.publish(Wf.of("side").action("s", "test.side", Map.of(), spare).json());
        String once = h.publish(Wf.of("once").action("u", "test.upsert", Map.of()).json()); // one attempt: none to spare
        for (String wf : List.of(side, once)) {
            String runId = h.engine.start(wf, null).runId();
            io.devrig.api.queue.Job claimed = h.queue.claim("w", java.util.Set.of(FlowEngine.JOB_TYPE),
                    Duration.ofMinutes(1)).orElseThrow();
            assertThat(h.engine.handleWithCompletion(claimed)).as(wf).isNull();
            assertThat(h.engine.run(runId).orElseThrow().status()).as(wf).isEqualTo(RunStatus.COMPLETED);
            assertThat(h.queue.complete(claimed.id(), "w")).isTrue();
        }
    }

    @Test
    void aFailedRunWritesItsEndItselfAtOnce() throws Exception {
        h.close();
        h = new Harness(dir.resolve("end-itself"), EngineSettings.DEFAULTS, 0);
        String failing = h.publish(Wf.of("fails").action("f", "test.fail", Map.of("retryable", false)).json());
        String runId = h.engine.start(failing, null).runId();
        io.devrig.api.queue.Job claimed = h.queue.claim("w1", java.util.Set.of(FlowEngine.JOB_TYPE),
                Duration.ofMinutes(1)).orElseThrow();
        assertThatThrownBy(() -> h.engine.handleWithCompletion(claimed)).isInstanceOf(DevRigException.class)
                .hasMessageContaining("RUN_FAILED");
        assertThat(h.engine.run(runId).orElseThrow().status()).as("a failure is written at once")
                .isEqualTo(RunStatus.FAILED);
    }

    @Test
    void anOrphanedRunIsGivenANewJobAndItsDeadJobLeavesTheDeadLetterQueue() throws Exception {
        h.close();
        h = new Harness(dir.resolve("orphan"), EngineSettings.DEFAULTS, 0);
        String id = h.publish(Wf.of("orphan").action("a", "test.side", Map.of()).json());
        String runId = h.engine.start(id, null).runId();
        // its job went dead without the run ending (as lost claims did before)
        io.devrig.api.queue.Job job = h.queue.claim("w", java.util.Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1))
                .orElseThrow();
        h.queue.fail(job.id(), "w", io.devrig.api.error.DevRigError.of("QUEUE_LEASE_EXPIRED",
                io.devrig.api.error.ErrorCategory.PERMANENT, "gone"));
        assertThat(h.queue.deadJob(job.id())).isPresent();
        assertThat(h.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.PENDING);

        assertThat(h.engine.resumeOrphans()).isEqualTo(1);
        assertThat(h.queue.deadJob(job.id())).as("the run has a new job: its dead one is gone").isEmpty();
        io.devrig.api.queue.Job fresh = h.queue.claim("w2", java.util.Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1))
                .orElseThrow();
        h.engine.handle(fresh);
        assertThat(h.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.engine.resumeOrphans()).isZero();
    }

    @Test
    void aFailedRunsDeadJobStaysInTheDeadLetterQueue() throws Exception {
        String id = h.publish(Wf.of("stays").action("f", "test.fail", Map.of("retryable", false)).json());
        RunSummary run = h.run(id, null);
        io.devrig.api.queue.DeadJob dead = awaitDead(run.id());
        assertThat(h.engine.resumeOrphans()).isZero();
        assertThat(h.queue.deadJob(dead.job().id())).isPresent();
    }

    @Test
    void runsAreListedNewestFirstAndFilteredByWorkflowAndStatus() throws Exception {
        String ok = h.publish(Wf.of("ok").action("a", "test.noop", Map.of()).json());
        String bad = h.publish(Wf.of("bad").action("a", "test.fail", Map.of("retryable", false)).json());
        RunSummary first = h.run(ok, null);
        RunSummary second = h.run(bad, null);
        assertThat(h.engine.runs(RunQuery.all())).extracting(RunSummary::id).containsExactly(second.id(), first.id());
        assertThat(h.engine.runs(new RunQuery(ok, null, 10))).extracting(RunSummary::id).containsExactly(first.id());
        assertThat(h.engine.runs(new RunQuery(null, RunStatus.FAILED, 10))).extracting(RunSummary::id)
                .containsExactly(second.id());
        assertThat(h.engine.run("missing")).isEmpty();
        assertThat(h.engine.detail("missing")).isEmpty();
    }

    private void awaitStatus(String runId, RunStatus status) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            if (h.engine.run(runId).orElseThrow().status() == status) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("run " + runId + " never became " + status);
    }
}
