package io.devrig.api.queue;

import java.util.Locale;

/**
 * The state of a job, stored in {@code job_queue.status}.
 *
 * <pre>
 * enqueue --> PENDING --claim--> PROCESSING --complete--> COMPLETED --cleanup--> (deleted)
 *              ^   ^                 |
 *              |   +-----------------+ fail, retried and attempts left (due after the backoff);
 *              |                     | lease expired with attempts left (due at once)
 *              |                     |
 *              |                     +-- fail on the last attempt or not retried;
 *              |                     |   lease expired on the last attempt
 *              |                     v
 *              +-----retryDead------ DEAD --discardDead--> (deleted)
 * </pre>
 *
 * A job waiting for a retry is PENDING with a future {@code nextRetryAt}. {@link #FAILED}
 * exists in the schema but the queue never writes it: a failure is either a scheduled
 * retry (PENDING) or final (DEAD).
 */
public enum JobStatus {
    PENDING,
    PROCESSING,
    COMPLETED,
    /** Reserved by the schema; never written by the queue. */
    FAILED,
    DEAD;

    /** The lower-case value stored in the database ({@code "pending"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a stored value, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static JobStatus fromWireName(String name) {
        if (name != null) {
            for (JobStatus s : values()) {
                if (s.name().equalsIgnoreCase(name.trim())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown job status '" + name
                + "'; expected one of pending, processing, completed, failed, dead");
    }
}
