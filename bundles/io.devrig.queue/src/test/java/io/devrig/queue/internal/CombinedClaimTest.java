package io.devrig.queue.internal;

import static io.devrig.queue.internal.TestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Combining at the claim gate with {@code claimBatch = 1}: workers waiting to claim are
 * served by one transaction that commits every waiting completion and claims one job per
 * waiter, each under its own holder. Claim order, River's rule inside a combined group, a
 * failure that rolls the whole group back, and the pool's waiters served together (the
 * test holds the gate until all four workers wait, so the grouping does not depend on timing).
 */
class CombinedClaimTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Set<String> T = Set.of("t");

    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteJobQueue queue;
    WorkerPool pool;

    /**
     * Four workers, one job per holder, hourly polls: only wake-ups and the gate start jobs.
     * No direct hand-off: these tests are about the claims workers make.
     */
    final PoolSettings settings = new PoolSettings(4, 4, Duration.ofHours(2), Duration.ofSeconds(30),
            Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofSeconds(1), 1, false);

    @BeforeEach
    void setUp() {
        db = TestDatabases.open(dir, DevRigClock.system());
        queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        if (pool != null) {
            pool.close();
        }
        db.close();
    }

    Map<String, Object> row(String id) {
        return TestDatabase.row(db, id);
    }

    @Test
    void eachHolderGetsOneJobInPriorityAndDueOrder() {
        String a = queue.enqueue(JobRequest.of("t", "{}"));
        String b = queue.enqueue(JobRequest.of("t", "{}"));
        String high = queue.enqueue(JobRequest.of("t", "{}").withPriority(5));
        queue.enqueue(JobRequest.of("t", "{}").withPriority(9).withDelay(Duration.ofHours(1)));

        SqliteJobQueue.Group g = queue.commitAndClaim(List.of(), List.of("w1.1", "w2.2", "w3.3", "w4.4"), T, LEASE);

        assertThat(g.claimed()).extracting(Job::id).containsExactly(high, a, b);
        assertThat(g.claimed()).extracting(Job::lockedBy).containsExactly("w1.1", "w2.2", "w3.3");
        assertThat(g.claimed()).allSatisfy(j -> assertThat(j.attempts()).isEqualTo(1));
        for (Job j : g.claimed()) {
            assertThat(row(j.id())).containsEntry("locked_by", j.lockedBy()).containsEntry("status", "processing");
        }
    }

    @Test
    void aLostLeaseInACombinedGroupChangesNothingWhileTheOthersApply() {
        for (int i = 0; i < 3; i++) {
            queue.enqueue(JobRequest.of("t", "{}"));
        }
        List<Job> held = queue.commitAndClaim(List.of(), List.of("A.1", "B.2", "C.3"), T, LEASE).claimed();
        // B lost its lease: the rescue gave the job back and D claimed it
        String stolen = held.get(1).id();
        db.write(h -> h.update("UPDATE job_queue SET status = 'pending', locked_by = NULL, next_retry_at = NULL "
                + "WHERE id = ?", stolen));
        assertThat(queue.claim("D.9", T, LEASE).orElseThrow().id()).isEqualTo(stolen);
        Map<String, Object> before = row(stolen);
        String next = queue.enqueue(JobRequest.of("t", "{}"));

        List<SqliteJobQueue.Ack> acks = held.stream().map(j -> new SqliteJobQueue.Ack(j.id(), j.lockedBy())).toList();
        SqliteJobQueue.Group g = queue.commitAndClaim(acks, List.of("A.4", "B.5", "C.6"), T, LEASE);

        assertThat(g.completed()).extracting(SqliteJobQueue.Ack::jobId).containsExactly(held.get(0).id(), held.get(2).id());
        assertThat(g.lost()).extracting(SqliteJobQueue.Ack::jobId).containsExactly(stolen);
        assertThat(g.claimed()).extracting(Job::id).containsExactly(next);
        assertThat(g.claimed().get(0).lockedBy()).isEqualTo("A.4");
        assertThat(row(stolen)).as("B's late completion changed nothing").isEqualTo(before);
        assertThat(queue.complete(stolen, "D.9")).isTrue();
    }

    @Test
    void aFailureInsideACombinedTransactionRollsBackEveryCompletionAndClaim() {
        for (int i = 0; i < 2; i++) {
            queue.enqueue(JobRequest.of("t", "{}"));
        }
        List<Job> held = queue.commitAndClaim(List.of(), List.of("A.1", "B.2"), T, LEASE).claimed();
        String first = queue.enqueue(JobRequest.of("t", "{}"));
        String boom = queue.enqueue(JobRequest.of("t", "{\"boom\":1}"));
        // the second claim of the group fails after the completions and the first claim were written
        db.write(h -> h.update("CREATE TRIGGER boom BEFORE UPDATE OF status ON job_queue "
                + "WHEN NEW.status = 'processing' AND OLD.payload = '{\"boom\":1}' BEGIN SELECT RAISE(ABORT, 'boom'); END"));
        Map<String, Map<String, Object>> before = new java.util.HashMap<>();
        for (String id : List.of(held.get(0).id(), held.get(1).id(), first, boom)) {
            before.put(id, row(id));
        }
        List<SqliteJobQueue.Ack> acks = held.stream().map(j -> new SqliteJobQueue.Ack(j.id(), j.lockedBy())).toList();

        assertThatThrownBy(() -> queue.commitAndClaim(acks, List.of("A.3", "B.4"), T, LEASE))
                .isInstanceOf(DevRigException.class);

        for (var e : before.entrySet()) {
            assertThat(row(e.getKey())).as("nothing of the group was written").isEqualTo(e.getValue());
        }
        // once the cause is gone, the same group applies in full
        db.write(h -> h.update("DROP TRIGGER boom"));
        SqliteJobQueue.Group g = queue.commitAndClaim(acks, List.of("A.3", "B.4"), T, LEASE);
        assertThat(g.completed()).hasSize(2);
        assertThat(g.claimed()).extracting(Job::id).containsExactly(first, boom);
    }

    /** Holds the gate until all four workers wait at it, then lets them go: one transaction serves all four. */
    @Test
    void workersWaitingAtTheGateAreServedByOneTransactionEachWithItsOwnHolder() throws Exception {
        pool = new WorkerPool(queue, settings);
        Map<String, String> ranOn = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch finish = new CountDownLatch(1);
        pool.register("t", job -> {
            ranOn.put(job.id(), Thread.currentThread().getName() + " " + job.lockedBy());
            started.countDown();
            finish.await();
        });
        pool.start();
        await("four idle workers", WAIT, () -> pool.threadCount() == 4 && pool.idleCount() == 4);
        long before = pool.claimTransactionCount();

        pool.claimGate().lock();
        List<String> ids = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                ids.add(queue.enqueue(JobRequest.of("t", "{}")));
            }
            await("four workers waiting at the gate", WAIT, () -> pool.waitingCount() == 4);
        } finally {
            pool.claimGate().unlock();
        }
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(pool.claimTransactionCount() - before).as("one claim transaction for four workers").isEqualTo(1);
        assertThat(ranOn.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        List<String> holders = new ArrayList<>();
        for (String id : ids) {
            String[] threadAndHolder = ranOn.get(id).split(" ");
            String worker = threadAndHolder[0].substring("devrig-queue-".length()); // worker-N
            assertThat(threadAndHolder[1]).as("the holder names the worker that runs the job").startsWith(worker + ".");
            assertThat(row(id)).containsEntry("locked_by", threadAndHolder[1]);
            holders.add(threadAndHolder[1]);
        }
        assertThat(holders).doesNotHaveDuplicates();
        finish.countDown();
        await("every job completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == 4);
        assertThat(pool.leaseLostCount() + pool.failedCount()).isZero();
    }

    /**
     * A combined transaction fails after its completions were applied (a trigger aborts the
     * claim of one job): it rolls back, the workers get no job, the completions wait in the
     * pool, and nothing is run twice or lost once the cause is gone.
     */
    @Test
    void aFailedCombinedClaimInThePoolLosesNoCompletionAndRunsNothingTwice() throws Exception {
        pool = new WorkerPool(queue, settings);
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        CountDownLatch started = new CountDownLatch(4);
        CountDownLatch finish = new CountDownLatch(1);
        pool.register("t", job -> {
            runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
            started.countDown();
            if (!job.payload().contains("late")) {
                finish.await();
            }
        });
        pool.start();
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            first.add(queue.enqueue(JobRequest.of("t", "{}")));
        }
        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // all four workers busy: a job whose claim will fail waits first in line
        db.write(h -> h.update("CREATE TRIGGER boom BEFORE UPDATE OF status ON job_queue "
                + "WHEN NEW.status = 'processing' AND OLD.payload = '{\"boom\":1}' BEGIN SELECT RAISE(ABORT, 'boom'); END"));
        String boom = queue.enqueue(JobRequest.of("t", "{\"boom\":1}").withPriority(9));
        long before = pool.claimTransactionCount();
        finish.countDown();
        await("every worker tried to claim and went idle", WAIT,
                () -> pool.idleCount() == 4 && pool.claimTransactionCount() > before);

        for (String id : first) {
            Job j = queue.job(id).orElseThrow();
            assertThat(j.status()).as("its completion was rolled back with the failed claim").isEqualTo(JobStatus.PROCESSING);
        }
        assertThat(queue.job(boom).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.job(boom).orElseThrow().attempts()).isZero();
        assertThat(pool.completedCount()).isZero();

        db.write(h -> h.update("DROP TRIGGER boom"));
        String late = queue.enqueue(JobRequest.of("t", "{\"late\":1}")); // wakes a worker
        await("every job completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == 6);
        assertThat(runs.keySet()).containsExactlyInAnyOrder(first.get(0), first.get(1), first.get(2), first.get(3), boom,
                late);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(pool.completedCount()).isEqualTo(6);
        assertThat(pool.leaseLostCount() + pool.failedCount()).isZero();
    }
}
