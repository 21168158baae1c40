package io.devrig.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.queue.AttemptError;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.FailOutcome;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.queue.RescueResult;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The poison rule: a job running at the last N deaths of the server's process is
 * dead-lettered instead of being run again. Deaths are simulated the way a restart sees
 * them: a claim made by process {@code p<k>} of this server, released by process
 * {@code p<k+1>}.
 */
class PoisonJobTest extends QueueFixture {

    static final String OWNER = "host:/opt/devrig";

    /** The process that runs now; each death makes the next one. */
    int process = 1;

    String worker() {
        return SqliteJobQueue.workerId("worker-1", OWNER, "p" + process);
    }

    Job claim() {
        return queue.claim(worker(), SYNC, LEASE).orElseThrow(() -> new AssertionError("nothing to claim"));
    }

    /** The process dies while it runs the job it claimed; the next one starts and releases its claims. */
    RescueResult dieAndRestart() {
        process++;
        clock.advance(Duration.ofSeconds(2));
        return queue.releaseAbandoned(OWNER, "p" + process, "sync");
    }

    /** The process dies while it runs the job; the next one finds the claim once its lease has expired. */
    RescueResult dieAndExpire() {
        process++;
        clock.advance(LEASE.plusSeconds(1));
        return queue.rescueExpired();
    }

    static final RescueResult REQUEUED = new RescueResult(1, 0);
    static final RescueResult DEAD = new RescueResult(0, 1);

    /** {@code n} runs of the job, each ended by the process dying; each time the job is pending again. */
    void restartsRequeue(int n) {
        for (int death = 1; death <= n; death++) {
            claim();
            assertThat(dieAndRestart()).as("death %s", death).isEqualTo(REQUEUED);
        }
    }

    /** One more run ended by the process dying, which makes the job poison. */
    void restartPoisons() {
        claim();
        assertThat(dieAndRestart()).as("the last death: dead, not pending").isEqualTo(DEAD);
    }

    /** Like {@link #restartsRequeue}, with the claim found by the rescue after its lease. */
    void expiriesRequeue(int n) {
        for (int death = 1; death <= n; death++) {
            claim();
            assertThat(dieAndExpire()).as("death %s", death).isEqualTo(REQUEUED);
        }
    }

    List<String> codes(String id) {
        return queue.deadJob(id).orElseThrow().errors().stream().map(a -> a.error().code()).toList();
    }

    String rawRow(String id) {
        return db.read(h -> h.queryOne("SELECT status || '|' || attempts || '|' || max_attempts || '|' || "
                + "coalesce(next_retry_at, '-') || '|' || coalesce(locked_by, '-') FROM job_queue WHERE id = ?",
                r -> r.getString(1), id)).orElseThrow();
    }

    @Test
    void aJobRunningAtThreeDeathsInARowIsDeadLetteredAsPoisonWithAClearMessage() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        restartsRequeue(2);
        Job third = claim();
        assertThat(dieAndRestart()).as("the third death: dead, not pending").isEqualTo(DEAD);

        DeadJob dead = queue.deadJob(id).orElseThrow();
        assertThat(dead.job().status()).isEqualTo(JobStatus.DEAD);
        assertThat(dead.job().attempts()).as("attempts still count claims").isEqualTo(3);
        assertThat(dead.job().maxAttempts()).as("the budget is untouched").isEqualTo(10);
        assertThat(codes(id)).containsExactly(QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_OWNER_RESTARTED,
                QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_POISON);
        AttemptError last = dead.lastError();
        String startedAt = io.devrig.api.time.DevRigClock.format(third.lockedAt());
        assertThat(last.error().message()).isEqualTo("poison job: the server stopped 3 times while it ran (last: "
                + startedAt + "); not retried");
        assertThat(last.error().category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(last.error().retryable()).isFalse();
        assertThat(last.error().details()).containsEntry("crashes", 3).containsEntry("lastStartedAt", startedAt);
        assertThat(last.attempt()).isEqualTo(3);
        // not run again: nothing is claimable
        assertThat(queue.claim(worker(), SYNC, LEASE)).isEmpty();
    }

    @Test
    void aHandlerCountedJobIsPoisonToo() {
        // the workflow engine's jobs never go dead for lost claims; for a crash loop they must
        queue.setAttemptsByHandler("sync", true);
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(3));
        restartsRequeue(2);
        assertThat(queue.job(id).orElseThrow().maxAttempts()).as("lost claims widened the budget as before")
                .isEqualTo(5);
        restartPoisons();
        assertThat(queue.deadJob(id).orElseThrow().lastError().error().code()).isEqualTo(QueueErrors.QUEUE_POISON);
        assertThat(queue.job(id).orElseThrow().maxAttempts()).as("the poison release adds nothing").isEqualTo(5);
    }

    @Test
    void theThresholdIsConfigurableAndZeroTurnsTheRuleOff() {
        queue.setPoisonAfterCrashes(1);
        String once = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        restartPoisons();
        assertThat(queue.deadJob(once).orElseThrow().lastError().error().message())
                .startsWith("poison job: the server stopped once while it ran");

        queue.setPoisonAfterCrashes(5);
        String five = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        restartsRequeue(4);
        restartPoisons();
        assertThat(codes(five)).hasSize(6).endsWith(QueueErrors.QUEUE_POISON);

        queue.setPoisonAfterCrashes(0);
        queue.setAttemptsByHandler("sync", true);
        String never = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(1));
        restartsRequeue(8);
        assertThat(queue.job(never).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThatThrownBy(() -> queue.setPoisonAfterCrashes(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTypeMayHaveItsOwnThreshold() {
        // what a handler's devrig.job.poisonAfterCrashes sets (the workflow engine's runs)
        queue.setPoisonAfterCrashes("mail", 5);
        String mail = queue.enqueue(JobRequest.of("mail", "{}").withMaxAttempts(10));
        for (int death = 1; death <= 4; death++) {
            queue.claim(worker(), Set.of("mail"), LEASE).orElseThrow();
            process++;
            assertThat(queue.releaseAbandoned(OWNER, "p" + process, "mail")).as("mail death %s", death)
                    .isEqualTo(REQUEUED);
        }
        queue.claim(worker(), Set.of("mail"), LEASE).orElseThrow();
        process++;
        assertThat(queue.releaseAbandoned(OWNER, "p" + process, "mail")).isEqualTo(DEAD);
        assertThat(codes(mail)).endsWith(QueueErrors.QUEUE_POISON).hasSize(6);
        // other types keep the queue's threshold, and null gives the type back to it
        String sync = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        restartsRequeue(2);
        restartPoisons();
        assertThat(queue.deadJob(sync)).isPresent();
        queue.setPoisonAfterCrashes("mail", null);
        assertThat(queue.poisonAfterCrashes("mail")).isEqualTo(3);
        queue.setPoisonAfterCrashes("mail", 0);
        assertThat(queue.poisonAfterCrashes("mail")).isZero();
        assertThatThrownBy(() -> queue.setPoisonAfterCrashes("mail", -2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFailureReportedByTheHandlerStartsTheCountAnew() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        restartsRequeue(2);
        // this run ended without killing the process: a normal (retried) failure
        Job ran = claim();
        FailOutcome outcome = queue.fail(ran.id(), ran.lockedBy(), DevRigError.of("X", ErrorCategory.TRANSIENT, "flaky"));
        assertThat(outcome.result()).isEqualTo(FailOutcome.Result.RETRY_SCHEDULED);
        clock.advance(Duration.ofMinutes(5));
        restartsRequeue(2); // deaths 1 and 2 since the failure
        restartPoisons(); // 3 in a row
        assertThat(codes(id)).containsExactly(QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_OWNER_RESTARTED, "X",
                QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_OWNER_RESTARTED,
                QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_POISON);
    }

    @Test
    void aLeaseLostInALiveProcessIsNotADeathAndEndsTheRow() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        restartsRequeue(2);
        // a worker of another server (or an unknown one) lets its lease expire: nobody knows it died
        queue.claim("worker-1@abcd1234", SYNC, LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        assertThat(queue.rescueExpired()).isEqualTo(new RescueResult(1, 0));
        restartsRequeue(1);
        assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
    }

    @Test
    void aCompletedJobIsDoneWhateverDiedBefore() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        restartsRequeue(2);
        Job ran = claim();
        assertThat(queue.complete(ran.id(), ran.lockedBy())).isTrue();
        assertThat(dieAndRestart()).as("a completed job holds no claim").isEqualTo(new RescueResult(0, 0));
        assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.COMPLETED);
    }

    @Test
    void aDeadLetterRetryOfAPoisonJobGivesItAFreshCount() {
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        restartsRequeue(2);
        restartPoisons();
        queue.retryDead(id);
        Job again = claim();
        assertThat(again.attempts()).as("retryDead resets attempts as before").isEqualTo(1);
        assertThat(dieAndRestart()).as("the person's retry starts a new count").isEqualTo(REQUEUED);
        restartsRequeue(1);
        restartPoisons();
    }

    @Test
    void anExpiredLeaseOfAnEarlierProcessOfThisServerIsADeathOnceTheQueueKnowsItsProcess() {
        // the server was down longer than the lease: the rescue finds the claim before the handler registers
        queue.setProcess(OWNER, "p-now");
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(10));
        expiriesRequeue(2);
        queue.claim(SqliteJobQueue.workerId("worker-1", OWNER, "p-now"), SYNC, LEASE).orElseThrow();
        clock.advance(LEASE.plusSeconds(1));
        // this process's own stalled claim: its lease expired but the process lives
        assertThat(queue.rescueExpired()).isEqualTo(new RescueResult(1, 0));
        claim();
        dieAndExpire();
        assertThat(codes2(id)).containsExactly(QueueErrors.QUEUE_OWNER_RESTARTED, QueueErrors.QUEUE_OWNER_RESTARTED,
                QueueErrors.QUEUE_LEASE_EXPIRED, QueueErrors.QUEUE_OWNER_RESTARTED);
        expiriesRequeue(1);
        claim();
        assertThat(dieAndExpire()).isEqualTo(DEAD);
        assertThat(queue.deadJob(id).orElseThrow().lastError().error().code()).isEqualTo(QueueErrors.QUEUE_POISON);
    }

    @Test
    void withoutItsProcessKnownExpiredLeasesStayLeaseExpiriesAndNeverPoison() {
        queue.setAttemptsByHandler("sync", true);
        String id = queue.enqueue(JobRequest.of("sync", "{}").withMaxAttempts(1));
        expiriesRequeue(5);
        assertThat(queue.job(id).orElseThrow().status()).isEqualTo(JobStatus.PENDING);
        assertThat(codes2(id)).containsOnly(QueueErrors.QUEUE_LEASE_EXPIRED).hasSize(5);
    }

    @Test
    void aDeathBelowTheThresholdChangesTheRowExactlyAsBefore() {
        // one job released by a queue without the rule, one by a queue with it: the same row
        String a = queue.enqueue(JobRequest.of("sync", "{\"n\":1}").withMaxAttempts(4));
        String b = queue.enqueue(JobRequest.of("mail", "{\"n\":2}").withMaxAttempts(4));
        queue.claim(worker(), SYNC, LEASE).orElseThrow();
        queue.claim(worker(), Set.of("mail"), LEASE).orElseThrow();
        process++;
        String current = queue.enqueue(JobRequest.of("sync", "{\"n\":3}"));
        queue.claim(worker(), SYNC, LEASE).orElseThrow(); // the running process's own claim
        String ownClaim = rawRow(current);
        queue.setPoisonAfterCrashes(0);
        queue.releaseAbandoned(OWNER, "p" + process, "sync");
        queue.setPoisonAfterCrashes(3);
        queue.releaseAbandoned(OWNER, "p" + process, "mail");
        assertThat(rawRow(a)).isEqualTo("pending|1|4|-|-");
        assertThat(rawRow(b)).isEqualTo(rawRow(a));
        assertThat(codes2(b)).isEqualTo(codes2(a)).containsExactly(QueueErrors.QUEUE_OWNER_RESTARTED);
        assertThat(rawRow(current)).as("the live process's claim is untouched").isEqualTo(ownClaim);
        assertThat(queue.extendLease(current, worker(), LEASE)).as("and its lease still renews").isTrue();
    }

    /** Every history code of a job in any state (the dead-letter view needs it dead). */
    private List<String> codes2(String id) {
        String raw = db.read(h -> h.queryOne("SELECT error FROM job_queue WHERE id = ?", r -> r.getString(1), id))
                .orElseThrow();
        return new ErrorHistory(io.devrig.common.json.Json.MAPPER).read(raw).stream().map(e -> e.error().code())
                .toList();
    }
}
