package io.devrig.queue.internal;

import static io.devrig.queue.internal.TestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A job enqueued while a worker of the pool is free is claimed in its enqueue transaction
 * and handed to the pool after the commit ({@link SqliteJobQueue.DirectTaker}); otherwise
 * it waits for a claim as before. Real threads, a real SQLite file, hourly polls (so only
 * hand-offs and wake-ups start jobs).
 */
class DirectHandOffTest extends OneWorkerFixture {

    private Map<String, Object> row(String id) {
        return db.read(h -> h.queryOne("SELECT status, attempts, locked_by, locked_at, next_retry_at FROM job_queue "
                + "WHERE id = ?", r -> {
                    Map<String, Object> m = new java.util.HashMap<>();
                    m.put("status", r.getString(1));
                    m.put("attempts", r.getInt(2));
                    m.put("locked_by", r.getString(3));
                    m.put("locked_at", r.getString(4));
                    m.put("lease_end", r.getString(5));
                    return m;
                }, id)).orElseThrow();
    }

    private void awaitIdle() {
        await("the worker is idle", WAIT, () -> pool.threadCount() == 1 && pool.idleCount() == 1);
    }

    @Test
    void aJobEnqueuedWhileAWorkerIsFreeIsClaimedInItsEnqueueAndRunsWithoutAClaimTransaction() throws Exception {
        pool = new WorkerPool(queue, settings);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        long[] claimsAtStart = new long[1];
        Job[] seen = new Job[1];
        pool.register("t", job -> {
            claimsAtStart[0] = pool.claimTransactionCount();
            seen[0] = job;
            started.countDown();
            finish.await();
        });
        pool.start();
        awaitIdle();
        long claimsBefore = pool.claimTransactionCount();

        io.devrig.api.queue.Enqueued enqueued = queue.enqueueWithResult(JobRequest.of("t", "{\"n\":1}"));
        String id = enqueued.jobId();
        assertThat(enqueued.claimedAtEnqueue()).as("told without reading the job back").isTrue();

        assertThat(started.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(pool.directHandOffCount()).isEqualTo(1);
        assertThat(claimsAtStart[0]).as("no claim transaction before the handler ran").isEqualTo(claimsBefore);
        Map<String, Object> running = row(id);
        assertThat(running).containsEntry("status", "processing").containsEntry("attempts", 1);
        assertThat((String) running.get("locked_by")).startsWith(Job.CLAIMED_AT_ENQUEUE);
        assertThat(seen[0].claimedAtEnqueue()).isTrue();
        assertThat(seen[0].lockedBy()).isEqualTo(running.get("locked_by"));
        assertThat(seen[0].attempts()).isEqualTo(1);
        assertThat(seen[0].payload()).isEqualTo("{\"n\":1}");
        // the lease of a claim: the job is the pool's for settings.lease() from the claim
        assertThat(DevRigClock.parse((String) running.get("lease_end")))
                .isEqualTo(DevRigClock.parse((String) running.get("locked_at")).plus(settings.lease()));
        finish.countDown();
        await("the job completed", WAIT, () -> queue.job(id).orElseThrow().status() == JobStatus.COMPLETED);
        assertThat(pool.completedCount()).isEqualTo(1);
    }

    @Test
    void anEnqueueWhoseTransactionRollsBackHandsNothingOver() {
        pool = new WorkerPool(queue, settings);
        List<String> ran = new CopyOnWriteArrayList<>();
        pool.register("t", job -> ran.add(job.id()));
        pool.start();
        awaitIdle();
        String[] rolledBack = new String[1];
        assertThatThrownBy(() -> db.write(h -> {
            rolledBack[0] = queue.enqueue(JobRequest.of("t", "{}"));
            throw new IllegalStateException("the caller's transaction fails after the enqueue");
        })).hasMessageContaining("the caller's transaction fails");

        assertThat(queue.job(rolledBack[0])).as("no row").isEmpty();
        assertThat(pool.directHandOffCount()).isZero();
        // jobs enqueued next run (claimed, while the rolled-back reservation still counts), and
        // the hand-off comes back once it expired (WorkerPool.RESERVATION_NANOS)
        List<String> later = new CopyOnWriteArrayList<>();
        await("a job enqueued after the rollback is handed over at its enqueue", WAIT, () -> {
            String next = queue.enqueue(JobRequest.of("t", "{}"));
            later.add(next);
            await("job " + next + " completed", WAIT,
                    () -> queue.job(next).orElseThrow().status() == JobStatus.COMPLETED);
            return pool.directHandOffCount() == 1;
        });
        assertThat(ran).containsExactlyElementsOf(later);
    }

    @Test
    void aDelayedJobAndAJobEnqueuedWhileEveryWorkerIsBusyWaitForAClaimInClaimOrder() throws Exception {
        pool = new WorkerPool(queue, settings);
        List<String> ran = new CopyOnWriteArrayList<>();
        CountDownLatch blocking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        pool.register("t", job -> {
            ran.add(job.id());
            if (job.payload().contains("block")) {
                blocking.countDown();
                release.await();
            }
        });
        pool.start();
        awaitIdle();
        String first = queue.enqueue(JobRequest.of("t", "{\"block\":true}"));
        assertThat(blocking.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        // the only worker is busy and the pool is at its maximum: these wait as pending jobs
        io.devrig.api.queue.Enqueued waiting = queue.enqueueWithResult(JobRequest.of("t", "{}").withPriority(0));
        assertThat(waiting.claimedAtEnqueue()).isFalse();
        String low = waiting.jobId();
        String high = queue.enqueue(JobRequest.of("t", "{}").withPriority(5));
        assertThat(row(low)).containsEntry("status", "pending").containsEntry("attempts", 0);
        assertThat(row(high)).containsEntry("status", "pending");
        assertThat(pool.directHandOffCount()).isEqualTo(1);
        release.countDown();
        await("all three ran", WAIT, () -> ran.size() == 3);
        assertThat(ran).containsExactly(first, high, low);

        awaitIdle();
        io.devrig.api.queue.Enqueued later = queue.enqueueWithResult(JobRequest.of("t", "{}")
                .withDelay(Duration.ofMillis(200)));
        assertThat(later.claimedAtEnqueue()).isFalse();
        String delayed = later.jobId();
        assertThat(row(delayed)).containsEntry("status", "pending");
        assertThat(pool.directHandOffCount()).as("a delayed job is not claimed at its enqueue").isEqualTo(1);
        await("the delayed job completed", WAIT,
                () -> queue.job(delayed).orElseThrow().status() == JobStatus.COMPLETED);
    }

    /** A transaction that enqueues many (a group of trigger fires) hands over at most one per free worker. */
    @Test
    void oneTransactionEnqueuingManyHandsOverNoMoreThanTheWorkersCanTake() {
        pool = new WorkerPool(queue, settings.withWorkers(1, 3));
        List<String> ran = new CopyOnWriteArrayList<>();
        pool.register("t", job -> ran.add(job.id()));
        pool.start();
        awaitIdle();
        long t0 = System.nanoTime();
        List<String> ids = db.write(h -> {
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                out.add(queue.enqueue(JobRequest.of("t", "{}")));
            }
            return out;
        });
        long took = System.nanoTime() - t0;
        await("all ten completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == 10);
        if (took < WorkerPool.RESERVATION_NANOS) {
            assertThat(pool.directHandOffCount()).as("three free worker slots").isEqualTo(3);
        } else { // a very slow machine: the first reservations expired inside the transaction
            assertThat(pool.directHandOffCount()).isBetween(3L, 10L);
        }
        assertThat(ran).containsExactlyInAnyOrderElementsOf(ids);
    }

    @Test
    void aStoppedPoolTakesNoMoreJobsAtTheirEnqueue() {
        pool = new WorkerPool(queue, settings);
        pool.register("t", job -> { });
        pool.start();
        awaitIdle();
        pool.close();
        String id = queue.enqueue(JobRequest.of("t", "{}"));
        assertThat(row(id)).containsEntry("status", "pending").containsEntry("attempts", 0);
        assertThat(pool.directHandOffCount()).isZero();
    }

    /**
     * The process dies after a job was claimed at its enqueue and before any worker started
     * it. With start marks (as the queue component runs), the next process gives it back as
     * if never claimed (no attempt used), as it does an unstarted job of a claimed batch, and
     * it then runs exactly once.
     */
    @Test
    void aCrashBetweenTheHandOffAndTheStartGivesTheJobBackUncounted() {
        Path data = dir.resolve("queue-data");
        queue.setProcess("srv", "p1");
        StartMarks dyingMarks = new StartMarks(data, "p1");
        queue.setStartMarks(dyingMarks);
        // the process had started jobs before (its marks file exists; without one every claim counts)
        dyingMarks.started("an-earlier-job", SqliteJobQueue.workerId("worker-1.000000000001", "srv", "p1"));
        List<Job> handed = new CopyOnWriteArrayList<>();
        // the dying process's pool: claims at the enqueue, then "dies" before starting the job
        queue.setDirectTaker(new SqliteJobQueue.DirectTaker() {
            @Override
            public String holderFor(String type) {
                return SqliteJobQueue.workerId("direct.000000000001", "srv", "p1");
            }

            @Override
            public Duration lease() {
                return Duration.ofMinutes(10);
            }

            @Override
            public void take(Job job) {
                handed.add(job);
            }
        });
        String id = queue.enqueue(JobRequest.of("t", "{}"));
        assertThat(handed).extracting(Job::id).containsExactly(id);
        assertThat(row(id)).containsEntry("status", "processing").containsEntry("attempts", 1);

        SqliteJobQueue restarted = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
        restarted.setProcess("srv", "p2");
        restarted.setStartMarks(new StartMarks(data, "p2"));
        assertThat(restarted.releaseAbandoned("srv", "p2", "t").requeued()).isEqualTo(1);
        assertThat(row(id)).containsEntry("status", "pending").containsEntry("attempts", 0);

        List<String> ran = new CopyOnWriteArrayList<>();
        pool = new WorkerPool(restarted, settings, "srv", "p2");
        pool.register("t", job -> ran.add(job.id()));
        pool.start();
        await("the job completed", WAIT, () -> restarted.job(id).orElseThrow().status() == JobStatus.COMPLETED);
        assertThat(ran).containsExactly(id);
    }
}
