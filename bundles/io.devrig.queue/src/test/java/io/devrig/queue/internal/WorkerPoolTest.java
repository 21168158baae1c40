package io.devrig.queue.internal;

import io.devrig.store.testing.TestDatabases;
import static io.devrig.queue.internal.TestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.queue.AttemptError;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool on real threads and the wall clock. Waits are "until X, at most a generous
 * bound", never "sleep N ms, then X must hold", so a slow machine makes them slower, not red.
 */
class WorkerPoolTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteJobQueue queue;
    WorkerPool pool;
    final List<Runnable> cleanups = new ArrayList<>();

    /** Short times everywhere: 50 ms polls, 300 ms idle timeout, 2 s task limit, 2 s lease. */
    PoolSettings settings = new PoolSettings(1, 3, Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofMillis(50),
            Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(2));

    @BeforeEach
    void setUp() {
        db = TestDatabases.open(dir, DevRigClock.system());
        // retries after 10 ms, so retry paths run quickly
        queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS.withJitter(false).withDelays(10, 10));
    }

    @AfterEach
    void tearDown() {
        cleanups.forEach(Runnable::run);
        if (pool != null) {
            pool.close();
        }
        db.close();
    }

    WorkerPool start(PoolSettings s) {
        pool = new WorkerPool(queue, s);
        pool.start();
        return pool;
    }

    Job job(String id) {
        return queue.job(id).orElseThrow();
    }

    void awaitStatus(String id, JobStatus status) {
        await("job " + id + " is " + status, WAIT, () -> job(id).status() == status);
    }

    /** Every thread waits for work (a wake-up that found no idle thread may have started a second one). */
    void awaitAllIdle() {
        await("every worker is idle", WAIT, () -> pool.threadCount() >= 1 && pool.idleCount() == pool.threadCount());
    }

    AttemptError onlyError(String id) {
        DeadJob dead = queue.deadJob(id).orElseThrow();
        assertThat(dead.errors()).hasSize(1);
        return dead.errors().get(0);
    }

    @Test
    void handlersRunTheirJobsOnWorkerThreads() {
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        start(settings);
        pool.register("echo", job -> {
            seen.add(job.payload());
            threads.add(Thread.currentThread().getName());
        });
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(queue.enqueue(JobRequest.of("echo", "{\"n\":" + i + "}")));
        }
        await("all 50 jobs completed", WAIT, () -> pool.completedCount() == 50);
        assertThat(seen).hasSize(50);
        assertThat(threads).allMatch(name -> name.startsWith("devrig-queue-worker-"));
        ids.forEach(id -> assertThat(job(id).status()).isEqualTo(JobStatus.COMPLETED));
        assertThat(pool.failedCount()).isZero();
        assertThat(pool.types()).containsExactly("echo");
    }

    @Test
    void aHandlersExceptionBecomesAFailureWithTheRightCategory() {
        start(settings);
        pool.register("devrig-permanent", job -> {
            throw new DevRigException("GITHUB_NOT_FOUND", ErrorCategory.PERMANENT, "no such repository");
        });
        pool.register("plain", job -> {
            throw new IllegalStateException("bug in handler");
        });
        pool.register("interrupted", job -> {
            throw new InterruptedException("stopped waiting");
        });
        pool.register("timeout", job -> {
            throw new TimeoutException("upstream too slow");
        });
        pool.register("oom", job -> {
            throw new OutOfMemoryError("simulated");
        });
        String devrig = queue.enqueue(JobRequest.of("devrig-permanent", "{}"));
        String plain = queue.enqueue(JobRequest.of("plain", "{}")); // 3 attempts, but permanent: dead at once
        String interrupted = queue.enqueue(JobRequest.of("interrupted", "{}").withMaxAttempts(1));
        String timeout = queue.enqueue(JobRequest.of("timeout", "{}").withMaxAttempts(1));
        String oom = queue.enqueue(JobRequest.of("oom", "{}").withMaxAttempts(1));
        for (String id : List.of(devrig, plain, interrupted, timeout, oom)) {
            awaitStatus(id, JobStatus.DEAD);
        }
        AttemptError e1 = onlyError(devrig);
        assertThat(e1.error().code()).isEqualTo("GITHUB_NOT_FOUND");
        assertThat(e1.error().category()).isEqualTo(ErrorCategory.PERMANENT);
        // the claim's holder: a worker's, or the pool's for a job claimed at its enqueue
        assertThat(e1.workerId()).matches("(worker-\\d+|direct)\\.[0-9a-f]{12}@.+");

        AttemptError e2 = onlyError(plain);
        assertThat(job(plain).attempts()).isEqualTo(1);
        assertThat(e2.error().code()).isEqualTo(QueueErrors.QUEUE_HANDLER_FAILED);
        assertThat(e2.error().category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e2.error().message()).isEqualTo(
                "handler of job type 'plain' failed: java.lang.IllegalStateException: bug in handler");
        assertThat(e2.error().details()).containsEntry("exception", "java.lang.IllegalStateException");

        assertThat(onlyError(interrupted).error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(onlyError(timeout).error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(onlyError(oom).error().category()).isEqualTo(ErrorCategory.RESOURCE);

        // the pool's threads survived all of it
        String after = queue.enqueue(JobRequest.of("plain", "{}"));
        awaitStatus(after, JobStatus.DEAD);
    }

    @Test
    void aRetryableFailureIsRetriedAndCanThenSucceed() {
        AtomicInteger calls = new AtomicInteger();
        start(settings);
        pool.register("flaky", job -> {
            if (calls.incrementAndGet() < 3) {
                throw new DevRigException("HTTP_TIMEOUT", ErrorCategory.TRANSIENT, "try " + job.attempts());
            }
        });
        String id = queue.enqueue(JobRequest.of("flaky", "{}").withMaxAttempts(5));
        awaitStatus(id, JobStatus.COMPLETED);
        assertThat(job(id).attempts()).isEqualTo(3);
        // the counters move just after the database writes, maybe after another worker went on
        await("two failures and a completion counted", WAIT,
                () -> pool.failedCount() == 2 && pool.completedCount() == 1);
    }

    @Test
    void theTaskTimeLimitInterruptsAHangingHandlerAndRecordsATimeout() {
        AtomicBoolean sawInterrupt = new AtomicBoolean();
        start(settings.withTaskTimeout(Duration.ofMillis(200)));
        pool.register("hang", job -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                sawInterrupt.set(true);
                throw e;
            }
        });
        long t0 = System.nanoTime();
        String id = queue.enqueue(JobRequest.of("hang", "{}").withMaxAttempts(1));
        awaitStatus(id, JobStatus.DEAD);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
        assertThat(sawInterrupt).isTrue();
        AttemptError e = onlyError(id);
        assertThat(e.error().code()).isEqualTo(QueueErrors.QUEUE_TASK_TIMEOUT);
        assertThat(e.error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.error().message()).contains("did not finish within 200 ms and was interrupted")
                .doesNotContain("ignored");
        assertThat(pool.timedOutCount()).isEqualTo(1);

        // the worker is free again, and its interrupt did not leak into the next job
        AtomicBoolean interruptedAtStart = new AtomicBoolean(true);
        pool.register("check", job -> interruptedAtStart.set(Thread.currentThread().isInterrupted()));
        String next = queue.enqueue(JobRequest.of("check", "{}"));
        awaitStatus(next, JobStatus.COMPLETED);
        assertThat(interruptedAtStart).isFalse();
    }

    @Test
    void aHandlerMaySetItsOwnTimeLimitPerJob() {
        start(settings.withTaskTimeout(Duration.ofMillis(150)));
        pool.register("long", new io.devrig.api.queue.JobHandler() {
            @Override
            public void handle(io.devrig.api.queue.Job job) throws Exception {
                Thread.sleep(job.payload().contains("short") ? 60_000 : 400);
            }

            @Override
            public Duration taskTimeout(io.devrig.api.queue.Job job) {
                return job.payload().contains("short") ? Duration.ofMillis(100) : Duration.ofSeconds(5);
            }
        });
        // 400 ms is past the pool's 150 ms limit but within the handler's own 5 s
        String longer = queue.enqueue(JobRequest.of("long", "{\"kind\":\"long\"}").withMaxAttempts(1));
        awaitStatus(longer, JobStatus.COMPLETED);
        String shorter = queue.enqueue(JobRequest.of("long", "{\"kind\":\"short\"}").withMaxAttempts(1));
        awaitStatus(shorter, JobStatus.DEAD);
        assertThat(onlyError(shorter).error().message()).contains("did not finish within 100 ms");
    }

    @Test
    void aJobWithAnEarlierDeadlineIsTimedOutWhileOneWithALaterDeadlineRuns() {
        // deadlines are watched by one sweep at the earliest: a later job's earlier deadline must move it
        CountDownLatch release = new CountDownLatch(1);
        cleanups.add(release::countDown);
        start(settings.withWorkers(2, 2).withTaskTimeout(Duration.ofSeconds(60)));
        pool.register("limits", new io.devrig.api.queue.JobHandler() {
            @Override
            public void handle(io.devrig.api.queue.Job job) throws Exception {
                if (job.payload().contains("slow")) {
                    release.await(); // within its 60 s
                } else {
                    Thread.sleep(60_000);
                }
            }

            @Override
            public Duration taskTimeout(io.devrig.api.queue.Job job) {
                return job.payload().contains("slow") ? Duration.ofSeconds(60) : Duration.ofMillis(300);
            }
        });
        String slow = queue.enqueue(JobRequest.of("limits", "{\"kind\":\"slow\"}").withMaxAttempts(1));
        await("the slow job runs", WAIT, () -> pool.busyCount() == 1);
        long t0 = System.nanoTime();
        String hanging = queue.enqueue(JobRequest.of("limits", "{\"kind\":\"hanging\"}").withMaxAttempts(1));
        awaitStatus(hanging, JobStatus.DEAD);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("timed out at its own 300 ms, not the slow job's 60 s")
                .isLessThan(Duration.ofSeconds(15));
        assertThat(onlyError(hanging).error().message()).contains("did not finish within 300 ms");
        assertThat(job(slow).status()).as("the slow job is untouched").isEqualTo(JobStatus.PROCESSING);

        // and a third, started after the sweep, is watched too
        String again = queue.enqueue(JobRequest.of("limits", "{\"kind\":\"again\"}").withMaxAttempts(1));
        awaitStatus(again, JobStatus.DEAD);
        release.countDown();
        awaitStatus(slow, JobStatus.COMPLETED);
        assertThat(pool.timedOutCount()).isEqualTo(2);
    }

    @Test
    void aHandlerThatIgnoresTheInterruptStillHasItsTimeoutRecorded() {
        AtomicBoolean spin = new AtomicBoolean(true);
        cleanups.add(() -> spin.set(false));
        start(settings.withTaskTimeout(Duration.ofMillis(200)));
        pool.register("stubborn", job -> {
            while (spin.get()) {
                Thread.onSpinWait(); // never looks at the interrupt
            }
        });
        String id = queue.enqueue(JobRequest.of("stubborn", "{}").withMaxAttempts(1));
        awaitStatus(id, JobStatus.DEAD);
        AttemptError e = onlyError(id);
        assertThat(e.error().code()).isEqualTo(QueueErrors.QUEUE_TASK_TIMEOUT);
        assertThat(e.error().message()).contains("ignored the interrupt");
        assertThat(pool.busyCount()).as("the handler still holds its thread").isEqualTo(1);
        spin.set(false);
        await("the stubborn handler returned", WAIT, () -> pool.busyCount() == 0);
        assertThat(job(id).status()).as("its late return changed nothing").isEqualTo(JobStatus.DEAD);
        assertThat(pool.completedCount()).isZero();
    }

    @Test
    void threadsStayWithinMinAndMaxAndIdleOnesTimeOut() throws Exception {
        AtomicInteger runningNow = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        cleanups.add(release::countDown);
        start(settings); // min 1, max 3, idle 300 ms
        await("the minimum thread started", WAIT, () -> pool.threadCount() == 1);
        pool.register("block", job -> {
            mostAtOnce.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
            try {
                release.await();
            } finally {
                runningNow.decrementAndGet();
            }
        });
        for (int i = 0; i < 10; i++) {
            queue.enqueue(JobRequest.of("block", "{}"));
        }
        await("three handlers run", WAIT, () -> runningNow.get() == 3);
        // give a fourth thread every chance to appear (it must not)
        for (int i = 0; i < 20; i++) {
            queue.enqueue(JobRequest.of("other-type", "{}"));
            Thread.sleep(5);
            assertThat(pool.threadCount()).isLessThanOrEqualTo(3);
        }
        assertThat(pool.busyCount()).isEqualTo(3);
        // the other seven are pending or claimed in a batch, waiting for a free worker
        assertThat(queue.stats().count("block", JobStatus.PENDING) + queue.stats().count("block", JobStatus.PROCESSING))
                .isEqualTo(10);
        assertThat(queue.stats().count("other-type", JobStatus.PENDING)).isEqualTo(20);
        release.countDown();
        await("all ten completed", WAIT, () -> pool.completedCount() == 10);
        assertThat(mostAtOnce.get()).isEqualTo(3);
        await("idle threads above the minimum ended", WAIT, () -> pool.threadCount() == 1);
        Thread.sleep(3 * settings.idleTimeout().toMillis());
        assertThat(pool.threadCount()).as("the minimum stays").isEqualTo(1);
    }

    @Test
    void anEnqueueWakesAnIdleWorkerAtOnce() {
        // polls only every hour: only the wake-up can explain a start (the wait below is far shorter)
        start(settings.withPollInterval(Duration.ofHours(1)).withIdleTimeout(Duration.ofHours(2)));
        CountDownLatch ran = new CountDownLatch(1);
        pool.register("ping", job -> ran.countDown());
        awaitAllIdle();
        long t0 = System.nanoTime();
        queue.enqueue(JobRequest.of("ping", "{}"));
        try {
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("handler ran long before the next poll").isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void registeringAHandlerWakesWorkersForJobsAlreadyWaiting() throws Exception {
        start(settings.withPollInterval(Duration.ofMinutes(1)).withIdleTimeout(Duration.ofMinutes(5)));
        String id = queue.enqueue(JobRequest.of("late", "{}"));
        awaitAllIdle();
        CountDownLatch ran = new CountDownLatch(1);
        pool.register("late", job -> ran.countDown());
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        awaitStatus(id, JobStatus.COMPLETED);
    }

    @Test
    void leasesAreRenewedWhileAHandlerRunsLongerThanItsLease() {
        // lease 300 ms, renewed every 100 ms; the handler takes 1.2 s; the rescue runs all the time
        start(settings.withLease(Duration.ofMillis(300)).withTaskTimeout(Duration.ofSeconds(10)));
        AtomicBoolean stop = new AtomicBoolean();
        Thread rescuer = new Thread(() -> {
            while (!stop.get()) {
                queue.rescueExpired();
                Thread.onSpinWait();
            }
        });
        rescuer.start();
        cleanups.add(() -> stop.set(true));
        pool.register("long", job -> Thread.sleep(1200));
        String id = queue.enqueue(JobRequest.of("long", "{}"));
        awaitStatus(id, JobStatus.COMPLETED);
        stop.set(true);
        assertThat(job(id).attempts()).isEqualTo(1);
        assertThat(pool.leaseLostCount()).isZero();
    }

    @Test
    void aLostLeaseInterruptsTheHandlerAndItsOutcomeIsDropped() {
        start(settings.withLease(Duration.ofMillis(300)).withTaskTimeout(Duration.ofSeconds(30)));
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        pool.register("slow", job -> {
            started.countDown();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        String id = queue.enqueue(JobRequest.of("slow", "{}"));
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        // another worker took the job over (as after a rescue)
        db.write(h -> h.update("UPDATE job_queue SET locked_by = 'thief' WHERE id = ?", id));
        await("the handler was interrupted", WAIT, interrupted::get);
        await("the lost lease was counted", WAIT, () -> pool.leaseLostCount() == 1);
        Job j = job(id);
        assertThat(j.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(j.lockedBy()).isEqualTo("thief");
        assertThat(pool.completedCount()).isZero();
    }

    @Test
    void stoppingThePoolInterruptsRunningHandlersAndTheirJobsAreRetried() {
        CountDownLatch started = new CountDownLatch(1);
        start(settings.withShutdownGrace(Duration.ofMillis(100)).withTaskTimeout(Duration.ofSeconds(30)));
        pool.register("slow", job -> {
            started.countDown();
            Thread.sleep(30_000);
        });
        String id = queue.enqueue(JobRequest.of("slow", "{}").withMaxAttempts(3));
        try {
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        pool.close();
        assertThat(pool.threadCount()).isZero();
        Job j = job(id);
        assertThat(j.status()).isEqualTo(JobStatus.PENDING);
        assertThat(j.lockedBy()).isNull();
        // nobody claims it now; its history says why it stopped
        String errors = db.read(h -> h.queryOne("SELECT error FROM job_queue WHERE id = ?", r -> r.getString(1), id))
                .orElseThrow();
        assertThat(errors).contains(QueueErrors.QUEUE_WORKER_STOPPED, "\"category\":\"transient\"");
        // closing twice is harmless, and a closed pool starts no thread
        pool.close();
        queue.enqueue(JobRequest.of("slow", "{}"));
        assertThat(pool.threadCount()).isZero();
    }

    @Test
    void theFirstRegisteredHandlerOfATypeIsUsedUntilItGoes() {
        List<String> calls = new ArrayList<>();
        JobHandler first = job -> calls.add("first");
        JobHandler second = job -> calls.add("second");
        start(settings);
        pool.register("t", first);
        pool.register("t", second);
        String a = queue.enqueue(JobRequest.of("t", "{}"));
        awaitStatus(a, JobStatus.COMPLETED);
        assertThat(pool.unregister("t", first)).isTrue();
        String b = queue.enqueue(JobRequest.of("t", "{}"));
        awaitStatus(b, JobStatus.COMPLETED);
        assertThat(calls).containsExactly("first", "second");
        assertThat(pool.unregister("t", second)).isTrue();
        assertThat(pool.unregister("t", second)).isFalse();
        assertThat(pool.types()).isEmpty();
        String c = queue.enqueue(JobRequest.of("t", "{}"));
        assertThat(job(c).status()).isEqualTo(JobStatus.PENDING); // waits for a handler
    }

    @Test
    void aHandlersOwnRetryPolicyAppliesToItsType() {
        RetryPolicy pluginRetries = RetryPolicy.DEFAULTS.withJitter(false).withDelays(5, 5)
                .withRetryOn(Set.of(ErrorCategory.PLUGIN)).withMaxAttempts(4);
        AtomicInteger calls = new AtomicInteger();
        JobHandler handler = new JobHandler() {
            @Override
            public void handle(Job job) {
                calls.incrementAndGet();
                throw new DevRigException("PLUGIN_ERROR", ErrorCategory.PLUGIN, "plugin threw");
            }

            @Override
            public RetryPolicy retryPolicy() {
                return pluginRetries;
            }
        };
        start(settings);
        pool.register("plugin-action", handler);
        assertThat(queue.retryPolicy("plugin-action")).isEqualTo(pluginRetries);
        String id = queue.enqueue(JobRequest.of("plugin-action", "{}"));
        assertThat(job(id).maxAttempts()).isEqualTo(4);
        awaitStatus(id, JobStatus.DEAD);
        assertThat(calls.get()).isEqualTo(4);
        pool.unregister("plugin-action", handler);
        assertThat(queue.retryPolicy("plugin-action")).isEqualTo(queue.retryPolicy("anything"));
    }
}
