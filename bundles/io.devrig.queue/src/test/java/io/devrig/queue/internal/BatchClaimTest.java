package io.devrig.queue.internal;

import static io.devrig.queue.internal.TestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.queue.RescueResult;
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
 * Batched claims and group commit: claim order, River's rule for a group of completions,
 * unstarted claims given back, a crash with a batch in flight, and wake-ups that need no
 * polling (the poll interval is an hour, so only the notification or the due time can
 * start a job before the generous waits below run out).
 */
class BatchClaimTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final Duration LEASE = Duration.ofSeconds(30);
    static final Set<String> T = Set.of("t");

    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteJobQueue queue;
    final List<WorkerPool> pools = new ArrayList<>();

    /** Polls every hour, so a start within the waits below is never a poll. */
    final PoolSettings settings = new PoolSettings(1, 3, Duration.ofHours(2), Duration.ofSeconds(30),
            Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofSeconds(1), 8);

    @BeforeEach
    void setUp() {
        db = TestDatabases.open(dir, DevRigClock.system());
        queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
    }

    @AfterEach
    void tearDown() {
        pools.forEach(WorkerPool::close);
        db.close();
    }

    WorkerPool pool(SqliteJobQueue q, PoolSettings s, String owner, String process) {
        return pool(q, s, owner, process, null);
    }

    WorkerPool pool(SqliteJobQueue q, PoolSettings s, String owner, String process, StartMarks marks) {
        WorkerPool p = owner == null ? new WorkerPool(q, s) : new WorkerPool(q, s, owner, process, marks);
        pools.add(p);
        p.start();
        return p;
    }

    Map<String, Object> row(String id) {
        return TestDatabase.row(db, id);
    }

    @Test
    void aBatchIsClaimedInPriorityAndDueOrderInOneTransaction() {
        List<String> low = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            low.add(queue.enqueue(JobRequest.of("t", "{}")));
        }
        String high = queue.enqueue(JobRequest.of("t", "{}").withPriority(5));
        String later = queue.enqueue(JobRequest.of("t", "{}").withPriority(9).withDelay(Duration.ofHours(1)));
        String other = queue.enqueue(JobRequest.of("other", "{}").withPriority(9));

        SqliteJobQueue.Group g = queue.commitAndClaim(List.of(), "w", T, LEASE, 4);
        assertThat(g.claimed()).extracting(Job::id).containsExactly(high, low.get(0), low.get(1), low.get(2));
        assertThat(g.claimed()).allSatisfy(j -> {
            assertThat(j.status()).isEqualTo(JobStatus.PROCESSING);
            assertThat(j.lockedBy()).isEqualTo("w");
            assertThat(j.attempts()).isEqualTo(1);
        });
        SqliteJobQueue.Group rest = queue.commitAndClaim(List.of(), "w", T, LEASE, 10);
        assertThat(rest.claimed()).extracting(Job::id).containsExactly(low.get(3), low.get(4));
        assertThat(queue.job(later).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.job(other).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.nextDue()).isEqualTo(queue.job(later).orElseThrow().nextRetryAt());
    }

    @Test
    void aGroupOfCompletionsFollowsRiversRuleOneByOne() {
        for (int i = 0; i < 3; i++) {
            queue.enqueue(JobRequest.of("t", "{}"));
        }
        List<Job> mine = queue.commitAndClaim(List.of(), "A", T, LEASE, 3).claimed();
        assertThat(mine).hasSize(3);
        // A lost the second job's lease: the rescue gave it back and B claimed it
        String stolen = mine.get(1).id();
        db.write(h -> h.update("UPDATE job_queue SET status = 'pending', locked_by = NULL, next_retry_at = NULL "
                + "WHERE id = ?", stolen));
        assertThat(queue.claim("B", T, LEASE).orElseThrow().id()).isEqualTo(stolen);
        Map<String, Object> before = row(stolen);

        List<SqliteJobQueue.Ack> acks = mine.stream().map(j -> new SqliteJobQueue.Ack(j.id(), "A")).toList();
        SqliteJobQueue.Group g = queue.commitAndClaim(acks, "A", T, LEASE, 5);

        assertThat(g.completed()).extracting(SqliteJobQueue.Ack::jobId).containsExactly(mine.get(0).id(), mine.get(2).id());
        assertThat(g.lost()).extracting(SqliteJobQueue.Ack::jobId).containsExactly(stolen);
        assertThat(g.claimed()).isEmpty();
        assertThat(row(stolen)).as("A's late completion changed nothing").isEqualTo(before);
        assertThat(queue.complete(stolen, "B")).isTrue();
    }

    @Test
    void unstartedClaimsGoBackWithoutCostingAnAttempt() {
        String id = queue.enqueue(JobRequest.of("t", "{}"));
        Job j = queue.commitAndClaim(List.of(), "A", T, LEASE, 8).claimed().get(0);
        assertThat(queue.release(List.of(new SqliteJobQueue.Ack(id, "other")))).as("not A's to give").isZero();
        assertThat(queue.release(List.of(new SqliteJobQueue.Ack(id, j.lockedBy())))).isEqualTo(1);
        Job back = queue.job(id).orElseThrow();
        assertThat(back.status()).isEqualTo(JobStatus.PENDING);
        assertThat(back.attempts()).isZero();
        assertThat(back.lockedBy()).isNull();
    }

    @Test
    void aPoolWithBatchesRunsEveryJobExactlyOnce() {
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        WorkerPool p = pool(queue, settings, null, null);
        p.register("t", job -> runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(queue.enqueue(JobRequest.of("t", "{}")));
        }
        await("every job completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == ids.size());
        assertThat(runs.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(p.completedCount()).isEqualTo(ids.size());
        assertThat(p.leaseLostCount() + p.failedCount()).isZero();
    }

    /** Every worker started and idle, polling hourly: only the pool's own wake-ups can start one. */
    WorkerPool idlePool(int workers) {
        WorkerPool p = pool(queue, settings.withWorkers(workers, workers), null, null);
        await("every worker is idle", WAIT, () -> p.threadCount() == workers && p.idleCount() == workers);
        return p;
    }

    @Test
    void slowJobsOfOneBatchRunInParallelOnSeveralWorkers() {
        WorkerPool p = idlePool(3);
        for (int i = 0; i < 3; i++) {
            queue.enqueue(JobRequest.of("t", "{}"));
        }
        // each job waits until all three run at once: one claimer alone would never get there
        CountDownLatch together = new CountDownLatch(3);
        AtomicInteger metTheOthers = new AtomicInteger();
        AtomicInteger claimsSeen = new AtomicInteger();
        p.register("t", job -> {
            claimsSeen.accumulateAndGet((int) p.claimTransactionCount(), Math::max);
            together.countDown();
            if (together.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                metTheOthers.incrementAndGet();
            }
        });
        await("every job completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == 3);
        assertThat(claimsSeen).as("every job started from the first batch").hasValue(1);
        assertThat(metTheOthers).hasValue(3);
    }

    @Test
    void aBatchsJobsAreNotStrandedBehindALongJob() {
        WorkerPool p = idlePool(2);
        for (int i = 0; i < 5; i++) {
            queue.enqueue(JobRequest.of("t", "{}"));
        }
        // the first job to start runs until the other four have run
        CountDownLatch others = new CountDownLatch(4);
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger longJobSawThemRun = new AtomicInteger();
        AtomicInteger claimsSeen = new AtomicInteger();
        p.register("t", job -> {
            claimsSeen.accumulateAndGet((int) p.claimTransactionCount(), Math::max);
            if (starts.getAndIncrement() == 0) {
                if (others.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    longJobSawThemRun.incrementAndGet();
                }
            } else {
                others.countDown();
            }
        });
        await("every job completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == 5);
        assertThat(claimsSeen).as("every job started from the first batch").hasValue(1);
        assertThat(longJobSawThemRun).hasValue(1);
    }

    /**
     * Four workers all busy with no-op jobs used to share each batch between them, at the price
     * of context switches (0.87x of one worker on 2 CPUs). Once the jobs are known to be short,
     * a worker between jobs rests while another runs one (4 workers then ran at 0.99x of one).
     */
    @Test
    void shortJobsOfABatchAreLeftToTheWorkerRunningThem() {
        WorkerPool p = idlePool(4);
        java.util.Map<String, AtomicInteger> byThread = new java.util.concurrent.ConcurrentHashMap<>();
        p.register("t", job -> byThread.computeIfAbsent(Thread.currentThread().getName(), k -> new AtomicInteger())
                .incrementAndGet());
        for (int i = 0; i < 64; i++) {
            queue.enqueue(JobRequest.of("t", "{}"));
        }
        await("the warm-up jobs completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == 64);
        byThread.clear();
        // the rule needs the handlers' average to be known as short: on a slow or busy machine the
        // first rounds may still be too slow for it, so up to five rounds of 640 jobs
        int rounds = 0;
        while (rounds < 5 && p.restCount() == 0) {
            rounds++;
            db.write(h -> {
                for (int i = 0; i < 640; i++) {
                    queue.enqueue(JobRequest.of("t", "{}"));
                }
                return null;
            });
            long done = 64 + 640L * rounds;
            await("every job completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == done);
        }
        // successive batches may go to different workers (whoever claims next); a worker between
        // jobs rests while another runs one instead of taking from its batch
        assertThat(p.restCount()).as("workers rested instead of sharing short jobs (jobs by thread: %s)", byThread)
                .isPositive();
        assertThat(byThread.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(640 * rounds);
    }

    /**
     * After many short jobs the worker holding a batch runs the rest itself (no wake-up), but a
     * job that takes far longer than that average does not strand the batch: the buffer check
     * wakes another worker, which runs the others while the long one still runs.
     */
    @Test
    void aLongJobAfterManyShortOnesDoesNotStrandItsBatch() {
        WorkerPool p = idlePool(2);
        CountDownLatch others = new CountDownLatch(4);
        java.util.concurrent.atomic.AtomicBoolean warm = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicInteger starts = new AtomicInteger();
        AtomicInteger longJobSawThemRun = new AtomicInteger();
        p.register("t", job -> {
            if (!warm.get()) {
                return; // a short job: the average run time becomes tiny
            }
            if (starts.getAndIncrement() == 0) {
                if (others.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    longJobSawThemRun.incrementAndGet();
                }
            } else {
                others.countDown();
            }
        });
        for (int i = 0; i < 64; i++) {
            queue.enqueue(JobRequest.of("t", "{}"));
        }
        await("the short jobs completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == 64);
        await("every worker is idle", WAIT, () -> p.idleCount() == 2);
        warm.set(true);
        // written by another writer (no enqueue wake-up), then exactly one worker woken: it claims
        // all five in one batch, and nothing but the buffer check wakes the other one
        SqliteJobQueue elsewhere = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
        for (int i = 0; i < 5; i++) {
            elsewhere.enqueue(JobRequest.of("t", "{}"));
        }
        p.wake();
        await("every job completed", WAIT, () -> queue.stats().count(JobStatus.COMPLETED) == 69);
        assertThat(longJobSawThemRun).as("the four others ran while the long job waited for them").hasValue(1);
    }

    @Test
    void aJobEnqueuedWhileWorkersAreIdleStartsWithoutAPoll() throws Exception {
        WorkerPool p = pool(queue, settings, null, null);
        CountDownLatch ran = new CountDownLatch(1);
        p.register("t", job -> ran.countDown());
        await("every worker is idle", WAIT, () -> p.threadCount() >= 1 && p.idleCount() == p.threadCount());
        queue.enqueue(JobRequest.of("t", "{}"));
        assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("started long before the hourly poll").isTrue();
    }

    @Test
    void aDelayedJobStartsWhenDueWithoutAPoll() throws Exception {
        WorkerPool p = pool(queue, settings, null, null);
        CountDownLatch ran = new CountDownLatch(1);
        p.register("t", job -> ran.countDown());
        await("every worker is idle", WAIT, () -> p.threadCount() >= 1 && p.idleCount() == p.threadCount());
        String id = queue.enqueue(JobRequest.of("t", "{}").withDelay(Duration.ofMillis(300)));
        assertThat(ran.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as("started at its due time, not at the hourly poll")
                .isTrue();
        await("the job completed", WAIT, () -> queue.job(id).orElseThrow().status() == JobStatus.COMPLETED);
    }

    /**
     * The process dies with a batch claimed: one job running, the others claimed but not
     * started. The next process of the same server (a new queue and pool on the same file)
     * releases the claims at start; every job then runs exactly once more and none is lost.
     */
    @Test
    void aCrashWithABatchInFlightLosesNoJobAndRunsEachAgainAtMostOnce() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(queue.enqueue(JobRequest.of("t", "{}")));
        }
        Map<String, AtomicInteger> firstRuns = new ConcurrentHashMap<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        WorkerPool dying = pool(queue, settings.withWorkers(1, 1), "srv", "p1");
        dying.register("t", job -> {
            firstRuns.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
            running.countDown();
            never.await(); // the process "dies" here: this handler never returns an outcome
        });
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(queue.stats().count(JobStatus.PROCESSING)).as("the whole batch is claimed").isEqualTo(8);
        assertThat(firstRuns).hasSize(1);

        // the restart: a new queue instance on the same file, a new process of the same server
        SqliteJobQueue restarted = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
        restarted.setProcess("srv", "p2");
        RescueResult released = restarted.releaseAbandoned("srv", "p2", "t");
        assertThat(released.requeued()).isEqualTo(8);
        Map<String, AtomicInteger> secondRuns = new ConcurrentHashMap<>();
        WorkerPool next = pool(restarted, settings, "srv", "p2");
        next.register("t", job -> secondRuns.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet());
        await("every job completed", WAIT, () -> restarted.stats().count(JobStatus.COMPLETED) == ids.size());

        // the old "process" wakes up (it cannot in a real crash): nothing it does changes a row
        dying.close();
        assertThat(secondRuns.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(secondRuns.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(firstRuns).hasSize(1);
        for (String id : ids) {
            Job j = restarted.job(id).orElseThrow();
            assertThat(j.status()).isEqualTo(JobStatus.COMPLETED);
            assertThat(restarted.deadJob(id)).isEmpty();
        }
        assertThat(restarted.stats().count(JobStatus.COMPLETED)).isEqualTo(ids.size());
        assertThat(restarted.jobs("t", Set.of(JobStatus.PENDING, JobStatus.PROCESSING, JobStatus.DEAD), 100)).isEmpty();
        // each release is one QUEUE_OWNER_RESTARTED entry, as for any claim of a dead process
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM job_queue WHERE error LIKE ?",
                "%" + QueueErrors.QUEUE_OWNER_RESTARTED + "%")).orElse(0L)).isEqualTo(8);
    }

    /**
     * The same crash with start marks (as the queue component runs): the restart counts the
     * one job that was running (an attempt and a QUEUE_OWNER_RESTARTED) and gives the seven
     * claimed-but-unstarted jobs back as if never claimed; every job then runs exactly once
     * more, none is lost, and the marks of both processes are gone at the end.
     */
    @Test
    void aCrashWithABatchInFlightCountsOnlyTheJobThatHadStarted() throws Exception {
        Path data = dir.resolve("queue-data");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(queue.enqueue(JobRequest.of("t", "{}")));
        }
        List<String> firstRuns = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        StartMarks dyingMarks = new StartMarks(data, "p1");
        queue.setStartMarks(dyingMarks);
        WorkerPool dying = pool(queue, settings.withWorkers(1, 1), "srv", "p1", dyingMarks);
        dying.register("t", job -> {
            firstRuns.add(job.id());
            running.countDown();
            never.await();
        });
        assertThat(running.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(queue.stats().count(JobStatus.PROCESSING)).as("the whole batch is claimed").isEqualTo(8);

        SqliteJobQueue restarted = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
        restarted.setProcess("srv", "p2");
        StartMarks marks = new StartMarks(data, "p2");
        restarted.setStartMarks(marks);
        assertThat(restarted.releaseAbandoned("srv", "p2", "t").requeued()).isEqualTo(8);
        for (String id : ids) {
            Job j = restarted.job(id).orElseThrow();
            assertThat(j.status()).isEqualTo(JobStatus.PENDING);
            assertThat(j.attempts()).as("job %s", id).isEqualTo(firstRuns.contains(id) ? 1 : 0);
        }
        Map<String, AtomicInteger> secondRuns = new ConcurrentHashMap<>();
        WorkerPool next = pool(restarted, settings, "srv", "p2", marks);
        next.register("t", job -> secondRuns.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet());
        await("every job completed", WAIT, () -> restarted.stats().count(JobStatus.COMPLETED) == ids.size());

        dying.close();
        next.close();
        marks.close();
        assertThat(secondRuns.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(secondRuns.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(firstRuns).hasSize(1);
        for (String id : ids) {
            assertThat(restarted.job(id).orElseThrow().attempts()).as("job %s", id).isEqualTo(firstRuns.contains(id) ? 2 : 1);
        }
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM job_queue WHERE error LIKE ?",
                "%" + QueueErrors.QUEUE_OWNER_RESTARTED + "%")).orElse(0L)).as("only the started job").isEqualTo(1);
        assertThat(marks.inFlightCount()).isZero();
        try (var left = java.nio.file.Files.list(data)) {
            assertThat(left.toList()).as("p1's marks went with its claims, p2's at its clean stop").isEmpty();
        }
    }
}
