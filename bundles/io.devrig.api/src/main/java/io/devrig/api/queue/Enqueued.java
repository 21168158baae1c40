package io.devrig.api.queue;

import java.util.Objects;

/**
 * What {@link JobQueue#enqueueWithResult} did.
 *
 * @param jobId the job's id (for a duplicate idempotency key, the existing job's)
 * @param claimedAtEnqueue whether this enqueue inserted the job already claimed for a free
 *        worker of this process, in the enqueue's own transaction (the worker pool's direct
 *        hand-off; {@link Job#claimedAtEnqueue()} of the job as it was written)
 */
public record Enqueued(String jobId, boolean claimedAtEnqueue) {

    public Enqueued {
        Objects.requireNonNull(jobId, "jobId");
    }
}
