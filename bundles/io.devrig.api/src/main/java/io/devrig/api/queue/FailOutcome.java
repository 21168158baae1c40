package io.devrig.api.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link JobQueue#fail} did.
 *
 * @param result the kind of outcome
 * @param attempts the job's attempts so far (0 when the lease was lost)
 * @param nextRetryAt when the job becomes claimable again (RETRY_SCHEDULED only), else null
 */
public record FailOutcome(Result result, int attempts, Instant nextRetryAt) {

    public enum Result {
        /** Back to PENDING, claimable from {@code nextRetryAt}. */
        RETRY_SCHEDULED,
        /** Moved to the dead letter: no attempts left, or the error is not retried. */
        DEAD,
        /** The worker no longer holds the job (its lease expired); nothing was changed. */
        LEASE_LOST
    }

    public FailOutcome {
        Objects.requireNonNull(result, "result");
    }

    public static FailOutcome retryScheduled(int attempts, Instant at) {
        return new FailOutcome(Result.RETRY_SCHEDULED, attempts, Objects.requireNonNull(at, "at"));
    }

    public static FailOutcome dead(int attempts) {
        return new FailOutcome(Result.DEAD, attempts, null);
    }

    public static FailOutcome leaseLost() {
        return new FailOutcome(Result.LEASE_LOST, 0, null);
    }

    /** Whether the failure was recorded (false: the lease was lost and nothing changed). */
    public boolean applied() {
        return result != Result.LEASE_LOST;
    }
}
