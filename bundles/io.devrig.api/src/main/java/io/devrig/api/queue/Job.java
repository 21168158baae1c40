package io.devrig.api.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * A job as stored in {@code job_queue}.
 *
 * @param id the job id: a ULID, or {@code k_...} for a job enqueued with an idempotency key
 * @param type what kind of job
 * @param payload its data, one JSON value
 * @param priority higher runs first
 * @param status where it is in its life
 * @param attempts how many times it has been claimed (the attempt running now included)
 * @param maxAttempts how many attempts it may have
 * @param lockedBy the worker holding its lease (PROCESSING only), else null
 * @param lockedAt when that worker claimed it (PROCESSING only), else null
 * @param leaseExpiresAt when the lease runs out unless renewed (PROCESSING only), else null
 * @param nextRetryAt not claimable before this (PENDING, delayed or waiting for a retry), else null
 * @param createdAt when it was enqueued
 * @param completedAt when it completed or went dead, else null
 */
public record Job(String id, String type, String payload, int priority, JobStatus status, int attempts,
        int maxAttempts, String lockedBy, Instant lockedAt, Instant leaseExpiresAt, Instant nextRetryAt,
        Instant createdAt, Instant completedAt) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /**
     * How the holder of a job claimed in its enqueue's own transaction begins (the worker
     * pool's direct hand-off: see {@link #claimedAtEnqueue()}).
     */
    public static final String CLAIMED_AT_ENQUEUE = "direct.";

    /**
     * Whether the queue handed this job to a free worker in its enqueue's own transaction
     * (its holder begins with {@value #CLAIMED_AT_ENQUEUE}): the pool had a worker with
     * nothing to do, so no claim of other jobs was under way that this job's completion
     * could be committed with. A handler may then complete it in its own last transaction
     * ({@link JobQueue#complete}); under load, the pool's group commit of completions is
     * cheaper.
     */
    public boolean claimedAtEnqueue() {
        return lockedBy != null && lockedBy.startsWith(CLAIMED_AT_ENQUEUE);
    }

    /** Whether a failure of the attempt now running would be final. */
    public boolean isLastAttempt() {
        return attempts >= maxAttempts;
    }
}
