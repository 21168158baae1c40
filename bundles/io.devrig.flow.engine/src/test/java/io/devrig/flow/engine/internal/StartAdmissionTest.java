package io.devrig.flow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobStatus;
import io.devrig.queue.internal.PoolSettings;
import io.devrig.queue.internal.WorkerPool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run started while a worker is free is admitted by its start (the queue hands the job
 * to that worker in the start's transaction), so the worker starts it without a turn at
 * the writer; its job is completed in the transaction of the run's final state. A cancel
 * that comes before the worker took the run up still ends it before any node runs. The
 * real queue and worker pool, on a real SQLite file; the pool's handler waits at a gate
 * so the test decides when the worker takes the run up.
 */
class StartAdmissionTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    Harness h;
    WorkerPool pool;
    final CountDownLatch gate = new CountDownLatch(1);
    final List<Job> taken = new CopyOnWriteArrayList<>();
    String workflow;

    @BeforeEach
    void setUp() throws Exception {
        h = new Harness(dir, EngineSettings.DEFAULTS, 0);
        workflow = h.publish(Wf.of("admitted").action("a", "test.side", Map.of()).action("b", "test.echo",
                Map.of("v", 1)).edge("a", "b").json());
        // one worker, hourly polls: only the hand-off at enqueue and the enqueue's wake-up start jobs
        pool = new WorkerPool(h.queue, new PoolSettings(1, 1, Duration.ofMinutes(5), Duration.ofSeconds(30),
                Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofSeconds(1), 1));
        pool.register(FlowEngine.JOB_TYPE, job -> {
            taken.add(job);
            if (!gate.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test did not open the gate");
            }
            h.engine.handle(job);
        });
        pool.start();
        await("the worker is idle", () -> pool.threadCount() == 1 && pool.idleCount() == 1);
    }

    @AfterEach
    void tearDown() {
        gate.countDown();
        pool.close();
        h.close();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(2);
        }
    }

    private RunStatus status(String runId) {
        return h.engine.run(runId).orElseThrow().status();
    }

    @Test
    void aRunStartedWhileAWorkerIsFreeIsRunningWhenTheStartReturnsAndItsJobEndsWithIt() throws Exception {
        String runId = h.engine.start(workflow, null).runId();

        assertThat(status(runId)).as("admitted by the start's transaction").isEqualTo(RunStatus.RUNNING);
        await("the worker took the job", () -> taken.size() == 1);
        Job job = taken.get(0);
        assertThat(job.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(job.attempts()).isEqualTo(1);

        // the worker is busy: a second run waits pending for a claim, and is admitted by its worker
        String second = h.engine.start(workflow, null).runId();
        assertThat(status(second)).as("no free worker: not admitted at its start").isEqualTo(RunStatus.PENDING);

        gate.countDown();
        await("both runs completed", () -> status(runId) == RunStatus.COMPLETED
                && status(second) == RunStatus.COMPLETED);
        for (String id : List.of(runId, second)) {
            Map<String, NodeRun> nodes = nodes(id);
            // a run admitted at its start is not a resumed one: its first node is one attempt, not an interrupted one
            assertThat(nodes.get("a").attempt()).isEqualTo(1);
            assertThat(nodes.get("b").output()).isEqualTo("{\"v\":1}");
        }
        assertThat(h.test.sideEffects).containsExactly(runId + ":a", second + ":a");
        // the first job was claimed at its enqueue and completed with its run's end; the second was
        // claimed by the busy worker afterwards, and its completion went with the pool's group commit
        assertThat(taken).hasSize(2);
        assertThat(taken.get(0).claimedAtEnqueue()).isTrue();
        assertThat(taken.get(1).claimedAtEnqueue()).isFalse();
        // the first job was completed in its run's final transaction, so it is done as soon as the run is
        assertThat(h.queue.job(job.id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        // the second one's ack waits for the pool's next group commit, which the pool counts once committed
        await("both jobs counted", () -> pool.completedCount() == 2);
        assertThat(h.queue.job(taken.get(1).id()).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(pool.leaseLostCount()).isZero();
        assertThat(h.queue.jobs(FlowEngine.JOB_TYPE, java.util.EnumSet.of(JobStatus.PENDING, JobStatus.PROCESSING,
                JobStatus.FAILED, JobStatus.DEAD), 10)).isEmpty();
    }

    @Test
    void aCancelBeforeTheWorkerTakesTheAdmittedRunUpEndsItWithoutRunningANode() throws Exception {
        String runId = h.engine.start(workflow, null).runId();
        assertThat(status(runId)).isEqualTo(RunStatus.RUNNING);
        await("the worker holds the job at the gate", () -> taken.size() == 1);

        assertThat(h.engine.cancel(runId)).isTrue();
        gate.countDown();

        await("the run ended", () -> status(runId).isFinal());
        assertThat(status(runId)).isEqualTo(RunStatus.CANCELLED);
        assertThat(h.test.sideEffects).as("no node ran").isEmpty();
        assertThat(nodes(runId)).isEmpty();
        // the cancel's own job found the run ended; nothing is left in the queue
        await("no job left", () -> h.queue.jobs(FlowEngine.JOB_TYPE, java.util.EnumSet.of(JobStatus.PENDING,
                JobStatus.PROCESSING), 10).isEmpty());
        assertThat(h.queue.jobs(FlowEngine.JOB_TYPE, java.util.EnumSet.of(JobStatus.FAILED, JobStatus.DEAD), 10))
                .isEmpty();
    }

    @Test
    void runsLeftPendingAtTheirStartAreAdmittedByTheirWorkerUnlessCancelledFirst() throws Exception {
        String first = h.engine.start(workflow, null).runId();
        await("the worker holds the first job at the gate", () -> taken.size() == 1);
        // no free worker: these wait pending; the engine remembers them for the worker that takes them
        String second = h.engine.start(workflow, null).runId();
        String cancelled = h.engine.start(workflow, null).runId();
        assertThat(status(second)).isEqualTo(RunStatus.PENDING);
        assertThat(h.engine.cancel(cancelled)).isTrue();
        assertThat(status(cancelled)).as("a pending run ends at its cancel").isEqualTo(RunStatus.CANCELLED);

        gate.countDown();
        await("the others completed", () -> status(first) == RunStatus.COMPLETED && status(second) == RunStatus.COMPLETED);
        await("every job ended", () -> h.queue.jobs(FlowEngine.JOB_TYPE, java.util.EnumSet.of(JobStatus.PENDING,
                JobStatus.PROCESSING), 10).isEmpty());
        assertThat(status(cancelled)).isEqualTo(RunStatus.CANCELLED);
        assertThat(nodes(cancelled)).as("no node of the cancelled run ran").isEmpty();
        assertThat(h.test.sideEffects).containsExactly(first + ":a", second + ":a");
        assertThat(nodes(second).get("a").attempt()).isEqualTo(1);
        assertThat(h.engine.run(second).orElseThrow().startedAt()).as("admitted when its worker took it").isNotNull();
        assertThat(h.queue.jobs(FlowEngine.JOB_TYPE, java.util.EnumSet.of(JobStatus.FAILED, JobStatus.DEAD), 10))
                .isEmpty();
    }

    private Map<String, NodeRun> nodes(String runId) {
        return h.engine.detail(runId).orElseThrow().nodes().stream()
                .collect(java.util.stream.Collectors.toMap(NodeRun::nodeId, n -> n));
    }
}
