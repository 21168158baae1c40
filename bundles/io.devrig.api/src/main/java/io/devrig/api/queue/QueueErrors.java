package io.devrig.api.queue;

/**
 * Error codes of the job queue ({@link io.devrig.api.error.DevRigError#code()}). The
 * shared codes of {@link io.devrig.api.error.ErrorCodes} are used where they fit
 * ({@code INVALID_INPUT}, {@code DB_BUSY}, ...).
 */
public final class QueueErrors {

    private QueueErrors() {
    }

    /** No job has the given id (never existed, discarded, or cleaned up). Category permanent. */
    public static final String QUEUE_JOB_NOT_FOUND = "QUEUE_JOB_NOT_FOUND";
    /** Dead-letter retry or discard of a job that is not dead. Category permanent. */
    public static final String QUEUE_JOB_NOT_DEAD = "QUEUE_JOB_NOT_DEAD";
    /** The payload given to enqueue is not one well-formed JSON value. Category permanent. */
    public static final String QUEUE_INVALID_PAYLOAD = "QUEUE_INVALID_PAYLOAD";
    /**
     * Recorded in a job's error history when the worker holding it stopped renewing its
     * lease (crashed, hung, or the process died). Category timeout.
     */
    public static final String QUEUE_LEASE_EXPIRED = "QUEUE_LEASE_EXPIRED";

    /**
     * A claim made by an earlier process of this server, released when the server started
     * again (the process that held it is gone); category transient.
     */
    public static final String QUEUE_OWNER_RESTARTED = "QUEUE_OWNER_RESTARTED";
    /**
     * A poison job: the server's process died while the job was running at each of its
     * last N starts (the queue's {@code poisonAfterCrashes}, default 3), so it is
     * dead-lettered instead of being run again. Recorded after the last of those
     * {@link #QUEUE_OWNER_RESTARTED} entries. Category permanent, not retryable; a
     * dead-letter retry gives the job a new budget.
     */
    public static final String QUEUE_POISON = "QUEUE_POISON";
    /** A handler exceeded the per-task time limit and was interrupted. Category timeout. */
    public static final String QUEUE_TASK_TIMEOUT = "QUEUE_TASK_TIMEOUT";
    /**
     * A handler threw something other than a {@link io.devrig.api.error.DevRigException};
     * category permanent ({@code InterruptedException} and {@code TimeoutException}: timeout;
     * a JVM error such as {@code OutOfMemoryError}: resource).
     */
    public static final String QUEUE_HANDLER_FAILED = "QUEUE_HANDLER_FAILED";
    /** The worker pool was stopped while the handler ran; category transient, so it is retried. */
    public static final String QUEUE_WORKER_STOPPED = "QUEUE_WORKER_STOPPED";
    /** A claimed job's type has no handler any more (its bundle went away). Category plugin. */
    public static final String QUEUE_NO_HANDLER = "QUEUE_NO_HANDLER";
    /** A job's error column could not be read back as an error history. Category permanent. */
    public static final String QUEUE_ERROR_UNREADABLE = "QUEUE_ERROR_UNREADABLE";
}
