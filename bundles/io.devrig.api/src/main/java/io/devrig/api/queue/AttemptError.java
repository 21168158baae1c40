package io.devrig.api.queue;

import io.devrig.api.error.DevRigError;
import java.util.Objects;

/**
 * Why one attempt of a job failed.
 *
 * @param attempt the attempt number, 1 for the first
 * @param workerId the worker that held the job, or null when unknown
 * @param error what went wrong
 */
public record AttemptError(int attempt, String workerId, DevRigError error) {

    public AttemptError {
        Objects.requireNonNull(error, "error");
    }
}
