package io.devrig.queue.internal;

import io.devrig.store.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.queue.AttemptError;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.FailOutcome;
import io.devrig.api.queue.FailOutcome.Result;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.queue.QueueStats;
import io.devrig.api.queue.RescueResult;
import io.devrig.api.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SqliteJobQueueTest extends QueueFixture {

    String enqueue(String payload) {
        return queue.enqueue(JobRequest.of("sync", payload));
    }

    Job claim(String worker) {
        return queue.claim(worker, SYNC, LEASE).orElseThrow(() -> new AssertionError(worker + " claimed nothing"));
    }

    long rows() {
        return db.read(h -> h.queryLong("SELECT count(*) FROM job_queue").orElseThrow());
    }

    /** The whole row as text, to show that a refused change changed nothing. */
    String rawRow(String id) {
        return db.read(h -> h.queryOne("SELECT * FROM job_queue WHERE id = ?", r -> {
            StringBuilder s = new StringBuilder();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                s.append(r.getMetaData().getColumnName(i)).append('=').append(r.getString(i)).append(';');
            }
            return s.toString();
        }, id)).orElse("<none>");
    }

    static DevRigError error(String code, ErrorCategory category, String message) {
        return DevRigError.of(code, category, message).at(TestDatabases.START);
    }

    // ---- enqueue, claim, complete ----

    @Test
    void enqueueClaimCompleteRoundTrip() {
        String id = queue.enqueue(JobRequest.of("sync", "{\"source\":\"github\"}").withPriority(3));
        Job pending = queue.job(id).orElseThrow();
        assertThat(pending.status()).isEqualTo(JobStatus.PENDING);
        assertThat(pending.payload()).isEqualTo("{\"source\":\"github\"}");
        assertThat(pending.attempts()).isZero();
        assertThat(pending.maxAttempts()).isEqualTo(3); // the policy's default
        assertThat(pending.createdAt()).isEqualTo(TestDatabases.START);
        assertThat(pending.nextRetryAt()).isNull();

        clock.advanceMillis(5);
        Job claimed = claim("w1");
        assertThat(claimed.id()).isEqualTo(id);
        assertThat(claimed.status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(claimed.type()).isEqualTo("sync");
        assertThat(claimed.priority()).isEqualTo(3);
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.lockedBy()).isEqualTo("w1");
        assertThat(claimed.lockedAt()).isEqualTo(clock.now());
        assertThat(claimed.leaseExpiresAt()).isEqualTo(clock.now().plus(LEASE));
        assertThat(claimed.isLastAttempt()).isFalse();
        assertThat(queue.claim("w2", SYNC, LEASE)).isEmpty();

        clock.advanceMillis(7);
        assertThat(queue.complete(id, "w1")).isTrue();
        Job done = queue.job(id).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.completedAt()).isEqualTo(clock.now());
        assertThat(done.lockedBy()).isNull();
        assertThat(done.leaseExpiresAt()).isNull();
        assertThat(queue.complete(id, "w1")).as("a second completion").isFalse();
        assertThat(queue.claim("w1", SYNC, LEASE)).isEmpty();
        assertThat(queue.job("01NOSUCHJOB0000000000000000")).isEmpty();
    }

    @Test
    void claimsHighestPriorityFirstThenOldestThenInInsertionOrder() {
        String lowOld = enqueue("1");
        clock.advanceMillis(1);
        String highOld = queue.enqueue(JobRequest.of("sync", "2").withPriority(5));
        clock.advanceMillis(1);
        String lowNew = enqueue("3");
        clock.advanceMillis(1);
        String highNew = queue.enqueue(JobRequest.of("sync", "4").withPriority(5));
        String negative = queue.enqueue(JobRequest.of("sync", "5").withPriority(-1));
        // same millisecond: insertion order
        String sameA = queue.enqueue(JobRequest.of("sync", "6").withPriority(1));
        String sameB = queue.enqueue(JobRequest.of("sync", "7").withPriority(1));
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            order.add(claim("w").id());
        }
        assertThat(order).containsExactly(highOld, highNew, sameA, sameB, lowOld, lowNew, negative);
    }

    @Test
    void claimOnlyTakesTheGivenTypes() {
        String other = queue.enqueue(JobRequest.of("report", "{}"));
        String sync = enqueue("{}");
        assertThat(claim("w").id()).isEqualTo(sync);
        assertThat(queue.claim("w", SYNC, LEASE)).isEmpty();
        assertThat(queue.claim("w", Set.of("sync", "report"), LEASE).orElseThrow().id()).isEqualTo(other);
        assertThatThrownBy(() -> queue.claim("w", Set.of(), LEASE)).hasMessageContaining("at least one job type");
        assertThatThrownBy(() -> queue.claim("w", SYNC, Duration.ZERO)).hasMessageContaining("lease must be positive");
        assertThatThrownBy(() -> queue.claim(" ", SYNC, LEASE)).hasMessageContaining("workerId");
    }

    @Test
    void theClaimWalksThePriorityIndexWithoutSorting() {
        List<String> plan = db.write(h -> h.query("EXPLAIN QUERY PLAN " + SqliteJobQueue.claimStatement(2),
                r -> r.getString("detail"), "w", "t", "t", "t", "a", "b"));
        assertThat(plan).anyMatch(line -> line.contains("idx_jq_status_priority"));
        assertThat(plan).noneMatch(line -> line.contains("TEMP B-TREE"));
    }

    @Test
    void theBatchClaimWalksThePriorityIndexWithoutSorting() {
        List<String> plan = db.write(h -> h.query("EXPLAIN QUERY PLAN " + SqliteJobQueue.dueStatement(2),
                r -> r.getString("detail"), "t", "a", "b", 16));
        assertThat(plan).anyMatch(line -> line.contains("idx_jq_status_priority"));
        assertThat(plan).noneMatch(line -> line.contains("TEMP B-TREE"));
    }

    @Test
    void delayedJobsAreNotClaimedBeforeTheirTime() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withDelay(Duration.ofSeconds(10)));
        assertThat(queue.job(id).orElseThrow().nextRetryAt()).isEqualTo(TestDatabases.START.plusSeconds(10));
        assertThat(queue.stats().scheduled()).isEqualTo(1);
        assertThat(queue.claim("w", SYNC, LEASE)).isEmpty();
        clock.advance(Duration.ofMillis(9_999));
        assertThat(queue.claim("w", SYNC, LEASE)).isEmpty();
        clock.advanceMillis(1);
        assertThat(queue.stats().scheduled()).isZero();
        assertThat(claim("w").id()).isEqualTo(id);
    }

    @Test
    void aDelayedHighPriorityJobDoesNotBlockADueLowPriorityOne() {
        queue.enqueue(JobRequest.of("sync", "{}").withPriority(9).withDelay(Duration.ofMinutes(1)));
        String due = enqueue("{}");
        assertThat(claim("w").id()).isEqualTo(due);
    }

    @Test
    void payloadMustBeOneJsonValue() {
        for (String ok : List.of("{}", "[1,2]", "\"text\"", "42", "null", " {\"a\": {\"b\": [true]}} ")) {
            assertThat(enqueue(ok)).isNotNull();
        }
        for (String bad : List.of("", "  ", "{", "{} {}", "{\"a\":1} trailing", "nope")) {
            assertThatThrownBy(() -> enqueue(bad)).as(bad).isInstanceOfSatisfying(DevRigException.class, e -> {
                assertThat(e.code()).isEqualTo(QueueErrors.QUEUE_INVALID_PAYLOAD);
                assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
            });
        }
        assertThatThrownBy(() -> JobRequest.of(" ", "{}")).hasMessageContaining("job type");
        assertThatThrownBy(() -> JobRequest.of("sync", "{}").withDelay(Duration.ofSeconds(-1)))
                .hasMessageContaining("delay must not be negative");
        assertThatThrownBy(() -> JobRequest.of("sync", "{}").withIdempotencyKey(""))
                .hasMessageContaining("idempotency key");
    }

    @Test
    void aRequestsOwnMaxAttemptsWinsOverThePolicy() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(7));
        assertThat(queue.job(id).orElseThrow().maxAttempts()).isEqualTo(7);
        queue.setRetryPolicy("mail", RetryPolicy.DEFAULTS.withMaxAttempts(5));
        assertThat(queue.job(queue.enqueue(JobRequest.of("mail", "{}"))).orElseThrow().maxAttempts()).isEqualTo(5);
    }

    @Test
    void anEnqueueInsideACallersTransactionCommitsOrRollsBackWithIt() {
        assertThatThrownBy(() -> db.write(h -> {
            enqueue("{\"n\":1}");
            throw new IllegalStateException("the caller's work failed");
        })).hasMessageContaining("caller's work failed");
        assertThat(rows()).isZero();
        String id = db.write(h -> enqueue("{\"n\":2}"));
        assertThat(queue.job(id)).isPresent();
    }

    @Test
    void anEnqueueInsideACallersTransactionWakesWorkersOnlyOnceItCommits() {
        List<String> woken = new CopyOnWriteArrayList<>();
        queue.addEnqueueListener(woken::add);
        String id = db.write(h -> {
            String job = queue.enqueue(JobRequest.of("flow.run", "{}"));
            assertThat(woken).isEmpty(); // not claimable yet: a woken worker would only wait for the writer
            return job;
        });
        assertThat(woken).containsExactly("flow.run");
        assertThat(queue.job(id)).isPresent();

        woken.clear();
        assertThatThrownBy(() -> db.write(h -> {
            queue.enqueue(JobRequest.of("flow.run", "{}"));
            throw new IllegalStateException("the caller's work fails");
        })).hasMessage("the caller's work fails");
        assertThat(woken).isEmpty(); // rolled back: no job, nobody woken
        assertThat(rows()).isEqualTo(1);
    }

    // ---- idempotency ----

    @Test
    void anIdempotencyKeyMakesTheSecondEnqueueANoOpReturningTheFirstId() {
        List<String> woken = new CopyOnWriteArrayList<>();
        queue.addEnqueueListener(woken::add);
        JobRequest request = JobRequest.of("sync", "{\"n\":1}").withIdempotencyKey("github:pr:42");
        String first = queue.enqueue(request);
        String second = queue.enqueue(JobRequest.of("sync", "{\"n\":2}").withIdempotencyKey("github:pr:42"));
        assertThat(second).isEqualTo(first);
        assertThat(first).startsWith(SqliteJobQueue.KEYED_ID_PREFIX).hasSize(26);
        assertThat(rows()).isEqualTo(1);
        assertThat(queue.job(first).orElseThrow().payload()).isEqualTo("{\"n\":1}"); // the first one stands
        assertThat(woken).containsExactly("sync"); // only the real insert wakes workers

        // the key is scoped by type; other keys are other jobs
        assertThat(queue.enqueue(JobRequest.of("report", "{}").withIdempotencyKey("github:pr:42"))).isNotEqualTo(first);
        assertThat(queue.enqueue(request.withIdempotencyKey("github:pr:43"))).isNotEqualTo(first);
        assertThat(rows()).isEqualTo(3);

        // while the job exists in any state, the key holds
        claim("w");
        assertThat(queue.enqueue(request)).isEqualTo(first);
        queue.complete(first, "w");
        assertThat(queue.enqueue(request)).isEqualTo(first);
        assertThat(rows()).isEqualTo(3);
        // once the job is cleaned up, the key is free again
        clock.advance(Duration.ofDays(8));
        assertThat(queue.cleanup(Duration.ofDays(7))).isEqualTo(1);
        assertThat(queue.enqueue(request)).isEqualTo(first);
        assertThat(queue.job(first).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void concurrentEnqueuesWithOneKeyMakeOneJob() throws Exception {
        int threads = 8;
        int perThread = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        Set<String> ids = ConcurrentHashMap.newKeySet();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    ids.add(queue.enqueue(JobRequest.of("sync", "{\"thread\":" + thread + "}").withIdempotencyKey("once")));
                    queue.enqueue(JobRequest.of("sync", "{}").withIdempotencyKey("k" + (i % 5)));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(ids).hasSize(1);
        assertThat(rows()).isEqualTo(1 + 5);
    }

    // ---- concurrent claims ----

    @Test
    void concurrentWorkersNeverClaimTheSameJob() throws Exception {
        int jobs = 2000;
        int workers = 8;
        for (int i = 0; i < jobs; i++) {
            queue.enqueue(JobRequest.of("sync", "{\"n\":" + i + "}").withPriority(i % 3));
        }
        Map<String, String> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        CyclicBarrier start = new CyclicBarrier(workers);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            String worker = "w" + w;
            futures.add(pool.submit(() -> {
                start.await();
                int mine = 0;
                Optional<Job> job;
                while ((job = queue.claim(worker, SYNC, LEASE)).isPresent()) {
                    if (claimedBy.putIfAbsent(job.get().id(), worker) != null) {
                        duplicates.incrementAndGet();
                    }
                    assertThat(job.get().attempts()).isEqualTo(1);
                    assertThat(queue.complete(job.get().id(), worker)).isTrue();
                    mine++;
                }
                return mine;
            }));
        }
        int total = 0;
        Set<Integer> perWorker = new HashSet<>();
        for (Future<Integer> f : futures) {
            int n = f.get(120, TimeUnit.SECONDS);
            perWorker.add(n);
            total += n;
        }
        pool.shutdown();
        assertThat(duplicates.get()).isZero();
        assertThat(total).isEqualTo(jobs);
        assertThat(claimedBy).hasSize(jobs);
        QueueStats stats = queue.stats();
        assertThat(stats.count(JobStatus.COMPLETED)).isEqualTo(jobs);
        assertThat(stats.total()).isEqualTo(jobs);
    }

    // ---- leases ----

    @Test
    void anExpiredLeaseSendsTheJobBackToPendingOrToTheDeadLetterWhenOutOfAttempts() {
        String id = enqueue("{}");
        claim("w1");
        clock.advance(LEASE.minusMillis(1));
        assertThat(queue.rescueExpired()).isEqualTo(RescueResult.NONE);
        clock.advanceMillis(1); // exactly at the lease end
        assertThat(queue.rescueExpired()).isEqualTo(new RescueResult(1, 0));
        Job back = queue.job(id).orElseThrow();
        assertThat(back.status()).isEqualTo(JobStatus.PENDING);
        assertThat(back.lockedBy()).isNull();
        assertThat(back.lockedAt()).isNull();
        assertThat(back.nextRetryAt()).isNull();
        assertThat(back.attempts()).isEqualTo(1);

        Job again = claim("w2");
        assertThat(again.attempts()).isEqualTo(2);

        String once = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(1));
        clock.advanceMillis(1);
        assertThat(claim("w3").id()).isEqualTo(once);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.rescueExpired()).isEqualTo(new RescueResult(1, 1)); // w2's job back, w3's dead
        DeadJob dead = queue.deadJob(once).orElseThrow();
        assertThat(dead.job().status()).isEqualTo(JobStatus.DEAD);
        assertThat(dead.job().completedAt()).isEqualTo(clock.now());
        AttemptError last = dead.lastError();
        assertThat(last.attempt()).isEqualTo(1);
        assertThat(last.workerId()).isEqualTo("w3");
        assertThat(last.error().code()).isEqualTo(QueueErrors.QUEUE_LEASE_EXPIRED);
        assertThat(last.error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(last.error().message()).contains("worker w3", "expired at");

        assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(queue.rescueExpired().total()).isZero();
    }

    @Test
    void renewingTheLeaseKeepsTheJob() {
        String id = enqueue("{}");
        claim("w1");
        clock.advance(Duration.ofSeconds(20));
        assertThat(queue.extendLease(id, "w1", LEASE)).isTrue();
        assertThat(queue.job(id).orElseThrow().leaseExpiresAt()).isEqualTo(clock.now().plus(LEASE));
        assertThat(queue.extendLease(id, "w2", LEASE)).as("someone else's job").isFalse();
        clock.advance(Duration.ofSeconds(20)); // 40 s after the claim, 20 s after the renewal
        assertThat(queue.rescueExpired().total()).isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(queue.rescueExpired().requeued()).isEqualTo(1);
        assertThat(queue.extendLease(id, "w1", LEASE)).as("after the rescue").isFalse();
    }

    @Test
    void aZombieWorkersCompletionOrFailureChangesNothing() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(5));
        claim("A");
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.rescueExpired().requeued()).isEqualTo(1);
        Job b = claim("B");
        assertThat(b.id()).isEqualTo(id);
        assertThat(b.attempts()).isEqualTo(2);
        String before = rawRow(id);

        assertThat(queue.complete(id, "A")).isFalse();
        assertThat(rawRow(id)).isEqualTo(before);
        FailOutcome outcome = queue.fail(id, "A", error("UPSTREAM_DOWN", ErrorCategory.TRANSIENT, "A gave up"));
        assertThat(outcome.result()).isEqualTo(Result.LEASE_LOST);
        assertThat(outcome.applied()).isFalse();
        assertThat(rawRow(id)).isEqualTo(before);
        assertThat(queue.extendLease(id, "A", LEASE)).isFalse();
        assertThat(rawRow(id)).isEqualTo(before);
        // the raw statements report zero rows too
        int changed = db.write(h -> h.update("UPDATE job_queue SET status = 'completed' "
                + "WHERE id = ? AND locked_by = ? AND status = 'processing'", id, "A"));
        assertThat(changed).isZero();

        assertThat(queue.complete(id, "B")).isTrue();
        Job done = queue.job(id).orElseThrow();
        assertThat(done.status()).isEqualTo(JobStatus.COMPLETED);
        // and A, late again, still changes nothing
        assertThat(queue.complete(id, "A")).isFalse();
        assertThat(queue.fail(id, "B", error("X", ErrorCategory.TRANSIENT, "too late")).result())
                .isEqualTo(Result.LEASE_LOST);
        assertThat(queue.job(id).orElseThrow()).isEqualTo(done);
    }

    @Test
    void completeAndClaimCompletesUnderRiversRuleAndTakesTheNextJobInOneTransaction() {
        String first = enqueue("1");
        String second = enqueue("2");
        String third = enqueue("3");
        claim("A");
        SqliteJobQueue.Completion done = queue.completeAndClaim(first, "A", SYNC, LEASE);
        assertThat(done.completed()).isTrue();
        assertThat(queue.job(first).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.next().orElseThrow().id()).isEqualTo(second);
        assertThat(queue.job(second).orElseThrow().lockedBy()).isEqualTo("A");

        // A loses second to a rescue and B; A's completion does not apply, but A may still take third
        clock.advance(LEASE.plusSeconds(1));
        queue.rescueExpired();
        assertThat(claim("B").id()).isEqualTo(second);
        String before = rawRow(second);
        SqliteJobQueue.Completion zombie = queue.completeAndClaim(second, "A", SYNC, LEASE);
        assertThat(zombie.completed()).isFalse();
        assertThat(rawRow(second)).isEqualTo(before);
        assertThat(zombie.next().orElseThrow().id()).isEqualTo(third);

        SqliteJobQueue.Completion last = queue.completeAndClaim(third, "A", SYNC, LEASE);
        assertThat(last.completed()).isTrue();
        assertThat(last.next()).isEmpty();
    }

    // ---- failures, retries, dead letter ----

    @Test
    void failuresAreRetriedWithBackoffUntilTheLastAttemptThenDeadWithEveryError() {
        String id = enqueue("{\"repo\":\"devrig\"}");
        Instant t0 = clock.now();

        Job first = claim("w1");
        assertThat(first.attempts()).isEqualTo(1);
        FailOutcome o1 = queue.fail(id, "w1", error("HTTP_TIMEOUT", ErrorCategory.TRANSIENT, "github did not answer"));
        // exponential 1000 ms × 2^0, full jitter drawn as 0.5
        assertThat(o1).isEqualTo(FailOutcome.retryScheduled(1, t0.plusMillis(500)));
        Job waiting = queue.job(id).orElseThrow();
        assertThat(waiting.status()).isEqualTo(JobStatus.PENDING);
        assertThat(waiting.nextRetryAt()).isEqualTo(t0.plusMillis(500)).isAfter(clock.now());
        assertThat(waiting.lockedBy()).isNull();
        assertThat(queue.stats().scheduled()).isEqualTo(1);
        assertThat(queue.claim("w2", SYNC, LEASE)).isEmpty();
        clock.advanceMillis(499);
        assertThat(queue.claim("w2", SYNC, LEASE)).isEmpty();
        clock.advanceMillis(1);

        Job second = claim("w2");
        assertThat(second.attempts()).isEqualTo(2);
        assertThat(second.isLastAttempt()).isFalse();
        Instant t1 = clock.now();
        FailOutcome o2 = queue.fail(id, "w2", error("DISK_FULL", ErrorCategory.RESOURCE, "no space left"));
        assertThat(o2).isEqualTo(FailOutcome.retryScheduled(2, t1.plusMillis(1000))); // 2000 ms × 0.5
        clock.advanceMillis(999);
        assertThat(queue.claim("w3", SYNC, LEASE)).isEmpty();
        clock.advanceMillis(1);

        Job third = claim("w3");
        assertThat(third.attempts()).isEqualTo(3);
        assertThat(third.isLastAttempt()).isTrue();
        FailOutcome o3 = queue.fail(id, "w3", error("HTTP_TIMEOUT", ErrorCategory.TIMEOUT, "still nothing")
                .withDetails(Map.of("url", "https://api.github.com/x", "ms", 30_000)));
        assertThat(o3).isEqualTo(FailOutcome.dead(3));
        assertThat(queue.claim("w4", SYNC, LEASE)).isEmpty();
        clock.advance(Duration.ofHours(1));
        assertThat(queue.claim("w4", SYNC, LEASE)).isEmpty();

        DeadJob dead = queue.deadJob(id).orElseThrow();
        assertThat(dead.job().status()).isEqualTo(JobStatus.DEAD);
        assertThat(dead.job().attempts()).isEqualTo(3);
        assertThat(dead.job().payload()).isEqualTo("{\"repo\":\"devrig\"}");
        assertThat(dead.errors()).extracting(AttemptError::attempt).containsExactly(1, 2, 3);
        assertThat(dead.errors()).extracting(AttemptError::workerId).containsExactly("w1", "w2", "w3");
        assertThat(dead.errors()).extracting(e -> e.error().code())
                .containsExactly("HTTP_TIMEOUT", "DISK_FULL", "HTTP_TIMEOUT");
        assertThat(dead.errors()).extracting(e -> e.error().message())
                .containsExactly("github did not answer", "no space left", "still nothing");
        assertThat(dead.errors()).extracting(e -> e.error().category())
                .containsExactly(ErrorCategory.TRANSIENT, ErrorCategory.RESOURCE, ErrorCategory.TIMEOUT);
        DevRigError last = dead.lastError().error();
        assertThat(last.details()).containsEntry("url", "https://api.github.com/x").containsEntry("ms", 30_000);
        assertThat(last.retryable()).isTrue();
        assertThat(last.timestamp()).isEqualTo(TestDatabases.START);
        assertThat(queue.deadJobs(10)).containsExactly(dead);
    }

    @Test
    void aNonRetryableFailureGoesToTheDeadLetterAtOnce() {
        queue.setRetryPolicy("plugin-job", RetryPolicy.DEFAULTS.withRetryOn(EnumSet.of(ErrorCategory.PLUGIN)));
        record Case(String type, DevRigError error, Result expected) {
        }
        List<Case> cases = List.of(
                new Case("sync", error("BAD_INPUT", ErrorCategory.PERMANENT, "no such repo"), Result.DEAD),
                new Case("sync", error("CANCELLED", ErrorCategory.CANCELLED, "user cancelled"), Result.DEAD),
                new Case("sync", error("BAD_INPUT", ErrorCategory.PERMANENT, "no").withRetryable(true), Result.DEAD),
                new Case("sync", error("HTTP_410", ErrorCategory.TRANSIENT, "gone").withRetryable(false), Result.DEAD),
                new Case("sync", error("PLUGIN_ERROR", ErrorCategory.PLUGIN, "plugin threw"), Result.DEAD),
                new Case("plugin-job", error("PLUGIN_ERROR", ErrorCategory.PLUGIN, "plugin threw"), Result.RETRY_SCHEDULED),
                new Case("plugin-job", error("HTTP_TIMEOUT", ErrorCategory.TRANSIENT, "not in retryOn"), Result.DEAD));
        for (Case c : cases) {
            String id = queue.enqueue(JobRequest.of(c.type, "{}").withMaxAttempts(5));
            Job job = queue.claim("w", Set.of(c.type), LEASE).orElseThrow();
            assertThat(job.id()).isEqualTo(id);
            FailOutcome outcome = queue.fail(id, "w", c.error);
            assertThat(outcome.result()).as(c.toString()).isEqualTo(c.expected);
            assertThat(outcome.attempts()).isEqualTo(1);
            if (c.expected == Result.DEAD) {
                assertThat(queue.deadJob(id).orElseThrow().errors()).singleElement()
                        .satisfies(e -> assertThat(e.error().code()).isEqualTo(c.error.code()));
            } else {
                clock.advance(Duration.ofMinutes(1));
                queue.claim("w", Set.of(c.type), LEASE).orElseThrow();
                queue.complete(id, "w");
            }
        }
    }

    @Test
    void aDeadJobCanBeRetriedWithAttemptsResetOrDiscarded() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(2));
        claim("w");
        queue.fail(id, "w", error("E1", ErrorCategory.TRANSIENT, "first"));
        clock.advance(Duration.ofMinutes(1));
        claim("w");
        assertThat(queue.fail(id, "w", error("E2", ErrorCategory.TRANSIENT, "second")).result()).isEqualTo(Result.DEAD);

        List<String> woken = new CopyOnWriteArrayList<>();
        queue.addEnqueueListener(woken::add);
        queue.retryDead(id);
        assertThat(woken).containsExactly("sync");
        Job again = queue.job(id).orElseThrow();
        assertThat(again.status()).isEqualTo(JobStatus.PENDING);
        assertThat(again.attempts()).isZero();
        assertThat(again.nextRetryAt()).isNull();
        assertThat(again.completedAt()).isNull();
        assertThat(queue.deadJob(id)).isEmpty();
        assertThat(queue.deadJobs(10)).isEmpty();
        Job claimed = claim("w");
        assertThat(claimed.attempts()).isEqualTo(1);
        // the history is kept across the retry; the new failure is appended
        queue.fail(id, "w", error("E3", ErrorCategory.PERMANENT, "third"));
        assertThat(queue.deadJob(id).orElseThrow().errors()).extracting(e -> e.error().code())
                .containsExactly("E1", "E2", "E3");

        queue.discardDead(id);
        assertThat(queue.job(id)).isEmpty();
        assertThat(rows()).isZero();
    }

    @Test
    void retryOrDiscardOfAJobThatIsNotDeadIsRefusedClearly() {
        String pending = enqueue("{}");
        assertThatThrownBy(() -> queue.retryDead(pending)).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(QueueErrors.QUEUE_JOB_NOT_DEAD);
            assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
            assertThat(e.error().message()).isEqualTo("job " + pending + " is pending, not dead; only dead jobs can be retried");
            assertThat(e.error().details()).containsEntry("status", "pending");
        });
        claim("w");
        assertThatThrownBy(() -> queue.discardDead(pending)).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(QueueErrors.QUEUE_JOB_NOT_DEAD);
            assertThat(e.getMessage()).contains("is processing, not dead; only dead jobs can be discarded");
        });
        queue.complete(pending, "w");
        assertThatThrownBy(() -> queue.discardDead(pending)).hasMessageContaining("is completed, not dead");
        assertThat(queue.job(pending).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThatThrownBy(() -> queue.retryDead("01NOSUCHJOB0000000000000000"))
                .isInstanceOfSatisfying(DevRigException.class,
                        e -> assertThat(e.code()).isEqualTo(QueueErrors.QUEUE_JOB_NOT_FOUND));
        assertThatThrownBy(() -> queue.discardDead("01NOSUCHJOB0000000000000000"))
                .hasMessageContaining("no job with id 01NOSUCHJOB0000000000000000");
    }

    @Test
    void deadJobsAreListedMostRecentFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(1));
            claim("w");
            queue.fail(id, "w", error("E" + i, ErrorCategory.PERMANENT, "fail " + i));
            clock.advanceMillis(10);
            ids.add(id);
        }
        assertThat(queue.deadJobs(10)).extracting(d -> d.job().id()).containsExactly(ids.get(2), ids.get(1), ids.get(0));
        assertThat(queue.deadJobs(2)).hasSize(2);
        assertThatThrownBy(() -> queue.deadJobs(0)).hasMessageContaining("limit");
    }

    @Test
    void aDamagedErrorColumnIsStillReadableAsHistory() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(1));
        claim("w");
        db.write(h -> h.update("UPDATE job_queue SET error = ? WHERE id = ?",
                "{\"code\":\"OLD\",\"category\":\"transient\",\"message\":\"seed-style last error\"}", id));
        queue.fail(id, "w", error("NEW", ErrorCategory.PERMANENT, "now"));
        assertThat(queue.deadJob(id).orElseThrow().errors()).extracting(e -> e.error().code()).containsExactly("OLD", "NEW");
        db.write(h -> h.update("UPDATE job_queue SET error = 'not json' WHERE id = ?", id));
        assertThat(queue.deadJob(id).orElseThrow().errors()).extracting(e -> e.error().code())
                .containsExactly(QueueErrors.QUEUE_ERROR_UNREADABLE);
        queue.retryDead(id); // still manageable
        assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    // ---- cleanup and stats ----

    @Test
    void cleanupRemovesOnlyCompletedJobsOlderThanTheAge() {
        String oldDone = enqueue("{}");
        String oldDead = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(1));
        String oldPending = queue.enqueue(JobRequest.of("sync", "{}").withPriority(-5));
        claim("w");
        queue.complete(oldDone, "w");
        claim("w");
        queue.fail(oldDead, "w", error("E", ErrorCategory.PERMANENT, "x"));
        clock.advance(Duration.ofDays(2));
        String newerDone = queue.enqueue(JobRequest.of("sync", "{}").withPriority(10));
        claim("w");
        queue.complete(newerDone, "w");
        String processing = queue.enqueue(JobRequest.of("sync", "{}").withPriority(10));
        claim("w");

        clock.advance(Duration.ofDays(7).minusHours(1)); // oldDone: 7 d 23 h ago; newerDone: 6 d 23 h ago
        assertThat(queue.cleanup(Duration.ofDays(7))).isEqualTo(1);
        assertThat(queue.job(oldDone)).isEmpty();
        assertThat(queue.job(newerDone)).isPresent();
        assertThat(queue.job(oldDead)).isPresent();
        assertThat(queue.job(oldPending)).isPresent();
        assertThat(queue.job(processing)).isPresent();
        assertThat(queue.cleanup(Duration.ofDays(7))).isZero();
        assertThatThrownBy(() -> queue.cleanup(Duration.ofDays(-1))).hasMessageContaining("negative");
    }

    @Test
    void cleanupDeletesInBatchesUntilDone() {
        db.write(h -> {
            for (int i = 0; i < 1234; i++) {
                h.update("INSERT INTO job_queue (id, type, payload, status, created_at, completed_at) "
                        + "VALUES (?, 'sync', '{}', 'completed', ?, ?)", "old-" + i, TestDatabases.START, TestDatabases.START);
            }
            return null;
        });
        clock.advance(Duration.ofDays(30));
        assertThat(queue.cleanup(Duration.ofDays(7))).isEqualTo(1234);
        assertThat(rows()).isZero();
    }

    @Test
    void statsCountPerStatusAndTypeWithTheOldestPendingAge() {
        QueueStats empty = queue.stats();
        assertThat(empty.total()).isZero();
        assertThat(empty.byStatus()).containsOnlyKeys(JobStatus.values()).allSatisfy((s, n) -> assertThat(n).isZero());
        assertThat(empty.oldestPendingAge()).isEqualTo(Duration.ZERO);

        queue.enqueue(JobRequest.of("sync", "{}").withPriority(-1)); // oldest pending, stays pending
        clock.advance(Duration.ofSeconds(10));
        queue.enqueue(JobRequest.of("report", "{}").withDelay(Duration.ofMinutes(5))); // scheduled
        String done = queue.enqueue(JobRequest.of("sync", "{}").withPriority(9));
        String dead = queue.enqueue(JobRequest.of("sync", "{}").withPriority(8).withMaxAttempts(1));
        String busy = queue.enqueue(JobRequest.of("sync", "{}").withPriority(7));
        assertThat(claim("w").id()).isEqualTo(done);
        queue.complete(done, "w");
        assertThat(claim("w").id()).isEqualTo(dead);
        queue.fail(dead, "w", error("E", ErrorCategory.PERMANENT, "x"));
        assertThat(claim("w").id()).isEqualTo(busy);
        clock.advance(Duration.ofSeconds(5));

        QueueStats stats = queue.stats();
        assertThat(stats.count(JobStatus.PENDING)).isEqualTo(2);
        assertThat(stats.count(JobStatus.PROCESSING)).isEqualTo(1);
        assertThat(stats.count(JobStatus.COMPLETED)).isEqualTo(1);
        assertThat(stats.count(JobStatus.DEAD)).isEqualTo(1);
        assertThat(stats.count(JobStatus.FAILED)).isZero();
        assertThat(stats.total()).isEqualTo(5);
        assertThat(stats.scheduled()).isEqualTo(1);
        assertThat(stats.oldestPendingAge()).isEqualTo(Duration.ofSeconds(15));
        assertThat(stats.at()).isEqualTo(clock.now());
        assertThat(stats.byType()).containsOnlyKeys("report", "sync");
        assertThat(stats.byType().get("report")).containsExactly(Map.entry(JobStatus.PENDING, 1L));
        assertThat(stats.count("sync", JobStatus.PENDING)).isEqualTo(1);
        assertThat(stats.count("sync", JobStatus.PROCESSING)).isEqualTo(1);
        assertThat(stats.count("sync", JobStatus.COMPLETED)).isEqualTo(1);
        assertThat(stats.count("sync", JobStatus.DEAD)).isEqualTo(1);
        assertThat(stats.count("nothing", JobStatus.PENDING)).isZero();
    }

    @Test
    void keyedIdsAreStableAndDistinct() {
        assertThat(SqliteJobQueue.keyedId("sync", "a")).isEqualTo(SqliteJobQueue.keyedId("sync", "a"))
                .matches("k_[0-9A-HJKMNP-TV-Z]{24}");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(SqliteJobQueue.keyedId("sync", "key-" + i));
        }
        assertThat(ids).hasSize(10_000);
        // the separator keeps ("ab","c") and ("a","bc") apart
        assertThat(SqliteJobQueue.keyedId("ab", "c")).isNotEqualTo(SqliteJobQueue.keyedId("a", "bc"));
    }

    // ---- claims lost without an outcome: handler-counted types, restarts, listing ----

    @Test
    void aLostClaimOfAHandlerCountedTypeIsNotAnAttemptAndNeverDeadLettersTheJob() {
        queue.setAttemptsByHandler("sync", true);
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(3));
        for (int kill = 1; kill <= 5; kill++) {
            Job held = claim("w" + kill);
            assertThat(held.attempts()).as("claims are still counted").isEqualTo(kill);
            clock.advance(LEASE.plusSeconds(1));
            assertThat(queue.rescueExpired()).isEqualTo(new RescueResult(1, 0));
        }
        Job job = queue.job(id).orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.PENDING);
        assertThat(job.attempts()).isEqualTo(5);
        assertThat(job.maxAttempts()).as("each lost claim widened the budget").isEqualTo(8);
        // the history still says what happened
        queue.fail(claim("last").id(), "last", DevRigError.of("X", ErrorCategory.PERMANENT, "no"));
        assertThat(queue.deadJob(id).orElseThrow().errors()).extracting(a -> a.error().code())
                .containsExactly(QueueErrors.QUEUE_LEASE_EXPIRED, QueueErrors.QUEUE_LEASE_EXPIRED,
                        QueueErrors.QUEUE_LEASE_EXPIRED, QueueErrors.QUEUE_LEASE_EXPIRED,
                        QueueErrors.QUEUE_LEASE_EXPIRED, "X");
    }

    @Test
    void withoutTheHandlersCountALostClaimIsAnAttemptAsBefore() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(2));
        for (int kill = 1; kill <= 2; kill++) {
            claim("w" + kill);
            clock.advance(LEASE.plusSeconds(1));
            queue.rescueExpired();
        }
        assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.DEAD);
    }

    @Test
    void claimsOfThisServersEarlierProcessAreReleasedAtOnceOthersKeepTheirLeases() {
        String mine = enqueue("{\"n\":1}");
        String otherServer = enqueue("{\"n\":2}");
        String current = enqueue("{\"n\":3}");
        String oldForm = enqueue("{\"n\":4}");
        claim(SqliteJobQueue.workerId("worker-1", "host:/opt/devrig", "100-1"));
        claim(SqliteJobQueue.workerId("worker-1", "other:/opt/devrig", "100-1"));
        claim(SqliteJobQueue.workerId("worker-2", "host:/opt/devrig", "200-2"));
        claim("worker-1@abcd1234");
        String raw = rawRow(otherServer);

        // the lease has not expired: only the previous process's claim comes back
        RescueResult released = queue.releaseAbandoned("host:/opt/devrig", "200-2", "sync");
        assertThat(released).isEqualTo(new RescueResult(1, 0));
        Job back = queue.job(mine).orElseThrow();
        assertThat(back.status()).isEqualTo(JobStatus.PENDING);
        assertThat(back.nextRetryAt()).as("due at once").isNull();
        assertThat(queue.job(current).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(queue.job(oldForm).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(rawRow(otherServer)).as("another server's claim is untouched").isEqualTo(raw);
        assertThat(queue.releaseAbandoned("host:/opt/devrig", "200-2", "other-type").total()).isZero();
        // it is claimed again at once, and its history says why it came back
        Job again = claim(SqliteJobQueue.workerId("worker-1", "host:/opt/devrig", "200-2"));
        assertThat(again.id()).isEqualTo(mine);
        queue.fail(mine, again.lockedBy(), DevRigError.of("X", ErrorCategory.PERMANENT, "no"));
        assertThat(queue.deadJob(mine).orElseThrow().errors()).first()
                .satisfies(a -> assertThat(a.error().code()).isEqualTo(QueueErrors.QUEUE_OWNER_RESTARTED));
    }

    @Test
    void aWorkerIdNamesItsServerAndProcess() {
        assertThat(SqliteJobQueue.holder(SqliteJobQueue.workerId("worker-3", "h@st:/a#b", "9-9")))
                .containsExactly("h@st:/a#b", "9-9");
        assertThat(SqliteJobQueue.holder("worker-1@abcd1234")).isNull();
        assertThat(SqliteJobQueue.holder("w1")).isNull();
    }

    @Test
    void jobsOfATypeAreListedByStatusOldestFirst() {
        String a = enqueue("{\"n\":1}");
        clock.advanceMillis(1);
        String b = enqueue("{\"n\":2}");
        clock.advanceMillis(1);
        String other = queue.enqueue(JobRequest.of("mail", "{}"));
        Job claimed = claim("w1");
        assertThat(claimed.id()).isEqualTo(a);
        assertThat(queue.jobs("sync", EnumSet.of(JobStatus.PENDING, JobStatus.PROCESSING), 10)).extracting(Job::id)
                .containsExactly(a, b);
        assertThat(queue.jobs("sync", EnumSet.of(JobStatus.PENDING), 10)).extracting(Job::id).containsExactly(b);
        assertThat(queue.jobs("sync", EnumSet.of(JobStatus.PENDING, JobStatus.PROCESSING), 1)).hasSize(1);
        assertThat(queue.jobs("mail", EnumSet.of(JobStatus.PENDING), 10)).extracting(Job::id).containsExactly(other);
        assertThat(queue.jobs("sync", EnumSet.of(JobStatus.DEAD), 10)).isEmpty();
        assertThatThrownBy(() -> queue.jobs("sync", EnumSet.noneOf(JobStatus.class), 10))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
