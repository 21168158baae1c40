package io.devrig.api.queue;

import java.time.Duration;
import java.util.Objects;

/**
 * What to enqueue. Start from {@link #of(String, String)} and add what differs from
 * the defaults: {@code JobRequest.of("sync", "{\"source\":\"github\"}").withPriority(5)}.
 *
 * @param type what kind of job, the key a {@link JobHandler} is registered under
 * @param payload the job's data as one JSON value (checked by the queue); never a secret
 * @param priority higher runs first; default 0
 * @param maxAttempts how many times the job may run; 0 (default) takes the type's retry policy
 * @param delay how long after enqueueing the job becomes claimable; default zero
 * @param idempotencyKey when not null, a second enqueue with the same type and key while the
 *        first job still exists does nothing and returns the first job's id
 */
public record JobRequest(String type, String payload, int priority, int maxAttempts, Duration delay,
        String idempotencyKey) {

    /** Longest accepted type name and idempotency key. */
    public static final int MAX_KEY_LENGTH = 200;

    public JobRequest {
        Objects.requireNonNull(type, "type");
        if (type.isBlank() || type.length() > MAX_KEY_LENGTH) {
            throw new IllegalArgumentException("job type must be 1-" + MAX_KEY_LENGTH + " characters, not blank");
        }
        Objects.requireNonNull(payload, "payload");
        if (maxAttempts < 0) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (or 0 for the default), got " + maxAttempts);
        }
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, got " + delay);
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
            throw new IllegalArgumentException("an idempotency key must be 1-" + MAX_KEY_LENGTH + " characters, not blank");
        }
    }

    /** A job of this type and JSON payload, priority 0, default attempts, no delay, no idempotency key. */
    public static JobRequest of(String type, String payloadJson) {
        return new JobRequest(type, payloadJson, 0, 0, Duration.ZERO, null);
    }

    public JobRequest withPriority(int value) {
        return new JobRequest(type, payload, value, maxAttempts, delay, idempotencyKey);
    }

    public JobRequest withMaxAttempts(int value) {
        return new JobRequest(type, payload, priority, value, delay, idempotencyKey);
    }

    public JobRequest withDelay(Duration value) {
        return new JobRequest(type, payload, priority, maxAttempts, value, idempotencyKey);
    }

    public JobRequest withIdempotencyKey(String value) {
        return new JobRequest(type, payload, priority, maxAttempts, delay, value);
    }
}
