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

    /** Whether a failure of the attempt now running would be final. */
    public boolean isLastAttempt() {
        return attempts >= maxAttempts;
    }
}
