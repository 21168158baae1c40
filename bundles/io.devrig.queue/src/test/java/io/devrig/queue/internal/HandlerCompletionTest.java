package io.devrig.queue.internal;

import static io.devrig.queue.internal.TestDatabase.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A handler may complete its own job in the transaction that writes its result (the flow
 * engine does, with a run's final state): the two commit together or not at all, and the
 * pool then commits no completion of its own, and reports no lost lease. Real threads and
 * a real SQLite file.
 */
class HandlerCompletionTest extends OneWorkerFixture {

    @BeforeEach
    void setUp() {
        db.write(h -> h.update("CREATE TABLE results (job_id TEXT PRIMARY KEY)"));
        pool = new WorkerPool(queue, settings);
    }

    private long results(String jobId) {
        return db.read(h -> h.queryLong("SELECT count(*) FROM results WHERE job_id = ?", jobId)).orElse(0L);
    }

    @Test
    void aJobCompletedInItsHandlersTransactionIsCountedOnceAndNotCompletedAgain() {
        boolean[] completedInside = new boolean[1];
        pool.register("t", job -> db.write(h -> {
            h.update("INSERT INTO results (job_id) VALUES (?)", job.id());
            completedInside[0] = queue.complete(job.id(), job.lockedBy());
            return null;
        }));
        pool.start();

        String id = queue.enqueue(JobRequest.of("t", "{}"));

        await("the pool counted the job", WAIT, () -> pool.completedCount() == 1);
        assertThat(completedInside[0]).as("the completion applied inside the handler's transaction").isTrue();
        assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(results(id)).isEqualTo(1);
        // the pool's own completion would have found the job completed: a lost lease, counted and logged
        assertThat(pool.leaseLostCount()).isZero();
        assertThat(pool.failedCount()).isZero();
        // and a later job is counted by the pool's own completion as usual
        pool.register("u", job -> { });
        String plain = queue.enqueue(JobRequest.of("u", "{}"));
        await("the plain job completed", WAIT, () -> queue.job(plain).orElseThrow().status() == JobStatus.COMPLETED);
        await("counted", WAIT, () -> pool.completedCount() == 2);
        assertThat(pool.leaseLostCount()).isZero();
    }

    @Test
    void aHandlerTransactionThatRollsBackCompletesNothingAndTheFailureIsRecorded() {
        AtomicBoolean failOnce = new AtomicBoolean(true);
        pool.register("t", job -> db.write(h -> {
            h.update("INSERT INTO results (job_id) VALUES (?)", job.id());
            queue.complete(job.id(), job.lockedBy());
            if (failOnce.getAndSet(false)) {
                throw new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT, "the result could not be stored");
            }
            return null;
        }));
        pool.start();

        String id = queue.enqueue(JobRequest.of("t", "{}"));

        // the first attempt rolled back its result and its completion: the failure is recorded
        // and the retry (10 ms later) completes the job with its result
        await("the retry completed the job", WAIT, () -> queue.job(id).orElseThrow().status() == JobStatus.COMPLETED);
        await("counted", WAIT, () -> pool.completedCount() == 1);
        assertThat(pool.failedCount()).isEqualTo(1);
        assertThat(queue.job(id).orElseThrow().attempts()).isEqualTo(2);
        assertThat(results(id)).as("one result: the failed attempt's was rolled back").isEqualTo(1);
        assertThat(pool.leaseLostCount()).isZero();
    }

    @Test
    void aHandlerThatLostItsLeaseCompletesNothing() {
        pool.register("t", job -> {
            // another holder took the job over (its lease ran out and it was rescued and claimed)
            db.write(h -> h.update("UPDATE job_queue SET locked_by = 'someone-else' WHERE id = ?", job.id()));
            boolean applied = db.write(h -> {
                h.update("INSERT INTO results (job_id) VALUES (?)", job.id());
                return queue.complete(job.id(), job.lockedBy());
            });
            assertThat(applied).isFalse();
        });
        pool.start();

        String id = queue.enqueue(JobRequest.of("t", "{}"));

        await("the pool tried its own completion", WAIT, () -> pool.leaseLostCount() == 1);
        assertThat(queue.job(id).orElseThrow().status()).as("still the other holder's").isEqualTo(JobStatus.PROCESSING);
        assertThat(pool.completedCount()).isZero();
    }

    /** A handler that leaves its result to the pool's completion (as the flow engine leaves a run's end). */
    private static io.devrig.api.queue.JobHandler resultWithCompletion(java.util.function.Consumer<String> during) {
        return new io.devrig.api.queue.JobHandler() {
            @Override
            public void handle(io.devrig.api.queue.Job job) {
                throw new AssertionError("the pool calls handleWithCompletion");
            }

            @Override
            public io.devrig.api.store.SqlWork<?> handleWithCompletion(io.devrig.api.queue.Job job) {
                during.accept(job.id());
                return h -> h.update("INSERT INTO results (job_id) VALUES (?)", job.id());
            }
        };
    }

    @Test
    void aHandlersResultIsCommittedWithItsJobsCompletionByThePool() {
        long[] resultsWhileHandling = {-1};
        pool.register("t", resultWithCompletion(id -> resultsWhileHandling[0] = results(id)));
        pool.start();

        String id = queue.enqueue(JobRequest.of("t", "{}"));

        await("the job completed", WAIT, () -> queue.job(id).orElseThrow().status() == JobStatus.COMPLETED);
        assertThat(resultsWhileHandling[0]).as("nothing written while the handler ran").isZero();
        assertThat(results(id)).as("the result, written with the completion").isEqualTo(1);
        await("counted", WAIT, () -> pool.completedCount() == 1);
        assertThat(pool.leaseLostCount()).isZero();
        assertThat(pool.failedCount()).isZero();
    }

    @Test
    void aResultWhoseJobWasTakenOverIsNotWritten() {
        pool.register("t", resultWithCompletion(id ->
                // another holder took the job over while the handler ran (its lease ran out)
                db.write(h -> h.update("UPDATE job_queue SET locked_by = 'someone-else' WHERE id = ?", id))));
        pool.start();

        String id = queue.enqueue(JobRequest.of("t", "{}"));

        await("the pool tried the completion", WAIT, () -> pool.leaseLostCount() == 1);
        assertThat(results(id)).as("a zombie's result changes nothing").isZero();
        assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.PROCESSING);
        assertThat(pool.completedCount()).isZero();
    }

    @Test
    void writesThatFailRollBackTheirCompletionAloneAndTheOthersInTheGroupCommit() {
        // two acks in one group commit: the first's writes fail (its row exists already), the second's apply
        String failing = queue.enqueue(JobRequest.of("g", "{}"));
        String fine = queue.enqueue(JobRequest.of("g", "{}"));
        db.write(h -> h.update("INSERT INTO results (job_id) VALUES (?)", failing));
        java.util.List<io.devrig.api.queue.Job> claimed = queue.commitAndClaim(java.util.List.of(), "w",
                java.util.Set.of("g"), Duration.ofMinutes(1), 2).claimed();
        assertThat(claimed).extracting(io.devrig.api.queue.Job::id).containsExactly(failing, fine);
        java.util.List<SqliteJobQueue.Ack> acks = claimed.stream().map(j -> new SqliteJobQueue.Ack(j.id(), "w",
                (io.devrig.api.store.SqlWork<Integer>) h -> h.update("INSERT INTO results (job_id) VALUES (?)", j.id())))
                .toList();

        SqliteJobQueue.Group group = queue.commitAndClaim(acks, "w", java.util.Set.of("g"), Duration.ofMinutes(1), 0);

        assertThat(group.completed()).extracting(SqliteJobQueue.Ack::jobId).containsExactly(fine);
        assertThat(group.lost()).extracting(SqliteJobQueue.Ack::jobId).containsExactly(failing);
        assertThat(queue.job(failing).orElseThrow().status()).as("still claimed: it runs again after its lease")
                .isEqualTo(JobStatus.PROCESSING);
        assertThat(queue.job(fine).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(results(fine)).isEqualTo(1);
        assertThat(results(failing)).as("only the row that was there before").isEqualTo(1);
    }

    /** Records in {@code results} each job of its claims, inside the claim's transaction; fails when told to. */
    private io.devrig.api.queue.JobHandler recordingClaims(AtomicBoolean failClaims, java.util.List<Long> seen) {
        return new io.devrig.api.queue.JobHandler() {
            @Override
            public void handle(io.devrig.api.queue.Job job) {
                seen.add(results(job.id()));
            }

            @Override
            public void claimed(io.devrig.api.store.SqlHandle transaction, java.util.List<io.devrig.api.queue.Job> jobs)
                    throws java.sql.SQLException {
                for (io.devrig.api.queue.Job j : jobs) {
                    transaction.update("INSERT INTO results (job_id) VALUES (?)", j.id());
                }
                if (failClaims.get()) {
                    throw new java.sql.SQLException("the claim's writes failed");
                }
            }
        };
    }

    /** What the handler saw of its result row while it ran (0 or 1), and the job's id. */
    private record ClaimedRun(long seen, String id) {
    }

    /** One job through the pool with {@link #recordingClaims}, until it completed. */
    private ClaimedRun runOneClaimed(boolean failClaims) {
        java.util.List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        pool.register("t", recordingClaims(new AtomicBoolean(failClaims), seen));
        // enqueued before the pool runs: claimed by a claim transaction (an idle worker would take it
        // at its enqueue, in the enqueue's transaction, where its enqueuer writes what it needs)
        String id = queue.enqueue(JobRequest.of("t", "{}"));
        pool.start();
        await("the job completed", WAIT, () -> queue.job(id).orElseThrow().status() == JobStatus.COMPLETED);
        assertThat(seen).hasSize(1);
        return new ClaimedRun(seen.get(0), id);
    }

    @Test
    void aHandlerWritesForItsClaimedJobsInTheClaimsTransaction() {
        ClaimedRun run = runOneClaimed(false);
        assertThat(run.seen()).as("committed with the claim, before the handler ran").isEqualTo(1L);
        assertThat(results(run.id())).isEqualTo(1);
    }

    @Test
    void claimWritesThatFailAreRolledBackAndTheJobsStillRun() {
        ClaimedRun run = runOneClaimed(true);
        assertThat(run.seen()).as("the failed claim writes were rolled back").isZero();
        assertThat(results(run.id())).isZero();
        assertThat(pool.failedCount()).isZero();
    }
}
