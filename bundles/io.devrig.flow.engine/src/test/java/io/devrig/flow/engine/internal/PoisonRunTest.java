package io.devrig.flow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.queue.RescueResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose node kills the server each time it runs: the queue dead-letters the run's job
 * as poison after three deaths, and the engine fails the node and the run with the queue's
 * message instead of giving the run a new job (which would start the crash loop again).
 */
class PoisonRunTest {

    static final String OWNER = "host:/opt/devrig";

    @TempDir
    Path dir;
    Harness h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
    }

    Map<String, NodeRun> nodes(String runId) {
        RunDetail d = h.engine.detail(runId).orElseThrow();
        return d.nodes().stream().collect(Collectors.toMap(NodeRun::nodeId, Function.identity()));
    }

    /** What a crash leaves: the run running, a completed, b marked running; its job claimed by process p1. */
    String crashedRun(String workflowId) {
        String runId = "01JPOISONRUN000000000000000";
        h.crashedRun(runId, workflowId);
        assertThat(h.engine.resumeOrphans()).as("the run gets its job").isEqualTo(1);
        return runId;
    }

    /** Process {@code p} claims the run's job and dies; process {@code p + 1} starts and releases its claims. */
    RescueResult dieWhileRunning(int p) {
        h.queue.claim("worker-1@" + OWNER + "#p" + p, Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1)).orElseThrow();
        return h.queue.releaseAbandoned(OWNER, "p" + (p + 1), FlowEngine.JOB_TYPE);
    }

    @Test
    void aPoisonJobFailsTheRunningNodeAndTheRunWithTheQueuesMessage() throws Exception {
        h = new Harness(dir, EngineSettings.DEFAULTS, 0); // the test plays the server's processes
        String id = h.publish(Wf.of("poison")
                .action("a", "test.echo", Map.of("v", 1))
                // a budget of 10 attempts: without the poison rule the loop would go on
                .action("b", "test.side", Map.of(), Map.of("retryPolicy", Wf.retry(10, 10)))
                .edge("a", "b").json());
        String runId = crashedRun(id);
        assertThat(dieWhileRunning(1).requeued()).isEqualTo(1);
        assertThat(dieWhileRunning(2).requeued()).isEqualTo(1);
        assertThat(h.engine.resumeOrphans()).as("a pending job is live: nothing to do").isZero();
        assertThat(dieWhileRunning(3).dead()).as("the third death").isEqualTo(1);

        assertThat(h.engine.resumeOrphans()).as("no new job for a poisoned run").isZero();
        RunSummary run = h.engine.run(runId).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("\"code\":\"" + QueueErrors.QUEUE_POISON + "\"")
                .contains("run " + runId + " failed at node b: poison job: the server stopped 3 times while it ran (last: ")
                .contains("); not retried");
        NodeRun b = nodes(runId).get("b");
        assertThat(b.status()).isEqualTo(NodeRunStatus.FAILED);
        assertThat(b.error()).contains(QueueErrors.QUEUE_POISON).contains("the server stopped 3 times while it ran");
        assertThat(nodes(runId).get("a").status()).as("a completed node keeps its output")
                .isEqualTo(NodeRunStatus.COMPLETED);
        assertThat(h.engine.detail(runId).orElseThrow().logs()).anyMatch(l -> l.level().equals("error")
                && l.message().contains("poison job") && "b".equals(l.nodeId()));
        assertThat(h.queue.jobs(FlowEngine.JOB_TYPE, EnumSet.of(JobStatus.PENDING, JobStatus.PROCESSING), 10))
                .as("nothing will run it").isEmpty();
        assertThat(h.test.sideEffects).as("the node never ran in this process").isEmpty();

        // it waits in the dead-letter queue for a person, as a failed run does
        assertThat(h.engine.resumeOrphans()).isZero();
        DeadJob dead = h.queue.deadJobs(10).get(0);
        assertThat(dead.lastError().error().code()).isEqualTo(QueueErrors.QUEUE_POISON);
        assertThat(h.engine.run(runId).orElseThrow().status()).as("failed once, stays failed")
                .isEqualTo(RunStatus.FAILED);

        // devrig:dlq-retry (the plugin was fixed): the run resumes at b and completes
        h.engine.retry(runId, false);
        Job again = h.queue.claim("live", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1)).orElseThrow();
        h.engine.handle(again);
        assertThat(h.queue.complete(again.id(), "live")).isTrue();
        assertThat(h.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.test.sideEffects).containsExactly(runId + ":b");
        assertThat(nodes(runId).get("a").attempt()).as("a is not run again").isEqualTo(1);
        assertThat(nodes(runId).get("b").status()).isEqualTo(NodeRunStatus.COMPLETED);
    }

    @Test
    void aPoisonedNodeThatStartedWithoutARowIsTheOneThatFails() throws Exception {
        // b's first attempt started without a row (a's completion is its start mark): the
        // journal says it was running, so the poison verdict names it and gives it its row
        h = new Harness(dir, EngineSettings.DEFAULTS, 0);
        String id = h.publish(Wf.of("poison-unmarked")
                .action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.side", Map.of(), Map.of("retryPolicy", Wf.retry(10, 10)))
                .action("c", "test.noop", Map.of())
                .edge("a", "b").edge("b", "c").json());
        String runId = crashedRun(id);
        h.db.write(x -> x.update("DELETE FROM node_runs WHERE run_id = ? AND node_id = 'b'", runId));
        dieWhileRunning(1);
        dieWhileRunning(2);
        assertThat(dieWhileRunning(3).dead()).isEqualTo(1);

        assertThat(h.engine.resumeOrphans()).isZero();
        RunSummary run = h.engine.run(runId).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.FAILED);
        assertThat(run.error()).contains("run " + runId + " failed at node b: poison job");
        assertThat(nodes(runId).get("b").status()).isEqualTo(NodeRunStatus.FAILED);
        assertThat(nodes(runId).get("b").attempt()).isEqualTo(1);
        assertThat(nodes(runId)).as("c had not started").doesNotContainKey("c");
    }

    @Test
    void theEnginesHandlerSetsTheQueuesPoisonThresholdForRunsToTheBackstop() throws Exception {
        // the generated DS descriptor is what the queue reads as service properties
        try (java.io.InputStream in = getClass().getClassLoader().getResourceAsStream(
                "OSGI-INF/" + FlowEngineComponent.class.getName() + ".xml")) {
            assertThat(in).as("the DS descriptor is generated before the tests run").isNotNull();
            String xml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(xml).contains("<property name=\"" + io.devrig.api.queue.JobHandler.POISON_PROPERTY
                    + "\" type=\"Integer\" value=\"" + FlowEngineComponent.POISON_AFTER_CRASHES + "\"/>");
        }
        assertThat(FlowEngineComponent.POISON_AFTER_CRASHES).isEqualTo(10);
    }

    @Test
    void aDeadJobThatIsNotPoisonStillGetsTheRunANewJob() {
        // unchanged behaviour for other dead jobs: the run is resumed, not failed
        h = new Harness(dir, EngineSettings.DEFAULTS, 0);
        String id = h.publish(Wf.of("other").action("a", "test.echo", Map.of("v", 1))
                .action("b", "test.side", Map.of()).edge("a", "b").json());
        String runId = crashedRun(id);
        Job job = h.queue.claim("w", Set.of(FlowEngine.JOB_TYPE), Duration.ofMinutes(1)).orElseThrow();
        h.queue.fail(job.id(), "w", io.devrig.api.error.DevRigError.of("X",
                io.devrig.api.error.ErrorCategory.PERMANENT, "gone"));
        assertThat(h.engine.resumeOrphans()).isEqualTo(1);
        assertThat(h.engine.run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }
}
