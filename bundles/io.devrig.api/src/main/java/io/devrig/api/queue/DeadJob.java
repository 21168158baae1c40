package io.devrig.api.queue;

import java.util.List;
import java.util.Objects;

/**
 * A job in the dead letter (seed architecture §15.5): it failed its last attempt, or
 * failed in a way that is not retried. {@code job().completedAt()} is when it died.
 *
 * @param job the job, status DEAD
 * @param errors every recorded failure, oldest first (the last one sent it here)
 */
public record DeadJob(Job job, List<AttemptError> errors) {

    public DeadJob {
        Objects.requireNonNull(job, "job");
        errors = List.copyOf(errors);
    }

    /** The failure that sent the job to the dead letter, or null if none was recorded. */
    public AttemptError lastError() {
        return errors.isEmpty() ? null : errors.get(errors.size() - 1);
    }
}
