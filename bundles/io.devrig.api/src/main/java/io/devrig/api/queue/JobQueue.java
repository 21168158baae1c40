package io.devrig.api.queue;

import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.error.DevRigError;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable job queue on the DevRig database (seed architecture §11, §15).
 *
 * <p>A worker {@linkplain #claim claims} a due job under a lease and then either
 * {@linkplain #complete completes} or {@linkplain #fail fails} it, naming itself. Both
 * apply only while that worker still holds the lease: a worker whose lease expired (and
 * whose job was rescued, and maybe claimed by another worker) changes nothing, and is
 * told so. Workers that run longer than their lease renew it with {@link #extendLease}.
 *
 * <p>Database failures surface as {@link io.devrig.api.error.DevRigException}
 * ({@code DB_BUSY}, {@code DB_ERROR}, {@code DB_UNAVAILABLE}); queue refusals carry the
 * codes of {@link QueueErrors}. Job ids are not secret, but payloads and error messages
 * are stored and shown: they must never contain secret values.
 */
@ProviderType
public interface JobQueue {

    /**
     * Adds a job and returns its id. With an idempotency key, when a job of the same type
     * and key exists (in any status), nothing is added and that job's id is returned.
     *
     * @throws io.devrig.api.error.DevRigException {@code QUEUE_INVALID_PAYLOAD} when the
     *         payload is not one JSON value
     */
    String enqueue(JobRequest request);

    /**
     * {@link #enqueue}, telling also whether the job was handed to a free worker in this
     * transaction, without reading the job back: a caller that writes the job's work in the
     * same transaction (a run with its job) can then prepare that worker's start.
     */
    default Enqueued enqueueWithResult(JobRequest request) {
        String id = enqueue(request);
        return new Enqueued(id, job(id).map(Job::claimedAtEnqueue).orElse(false));
    }

    /**
     * Takes the due PENDING job of one of {@code types} with the highest priority (then the
     * oldest), atomically: no two callers get the same job. It becomes PROCESSING, locked by
     * {@code workerId} until {@code lease} from now, and its attempt count goes up by one.
     *
     * @param workerId who claims; must be unique among live workers
     * @param types the job types this worker handles, at least one
     * @param lease how long the job is this worker's without renewal
     * @return the claimed job, or empty when none is due
     */
    Optional<Job> claim(String workerId, Set<String> types, Duration lease);

    /** Renews a worker's lease to {@code lease} from now; false when the worker no longer holds the job. */
    boolean extendLease(String jobId, String workerId, Duration lease);

    /** Marks the job COMPLETED; false (and no change) when the worker no longer holds the job. */
    boolean complete(String jobId, String workerId);

    /**
     * Records a failed attempt. The job is retried after the delay of its type's retry
     * policy if the error is retried and attempts are left, otherwise it goes to the dead
     * letter. Every attempt's error is kept. When the worker no longer holds the job,
     * nothing changes and the outcome is {@link FailOutcome.Result#LEASE_LOST}.
     */
    FailOutcome fail(String jobId, String workerId, DevRigError error);

    /** The job with this id, if it exists. */
    Optional<Job> job(String jobId);

    /**
     * Jobs of one type in the given statuses, oldest first (then in insertion order), at most
     * {@code limit}. This is how other bundles ask what the queue holds for them (e.g. which
     * of their jobs are still live: PENDING or PROCESSING) instead of reading its table.
     *
     * @param statuses at least one status
     */
    List<Job> jobs(String type, Set<JobStatus> statuses, int limit);

    /** Dead jobs with their error history, most recently dead first, at most {@code limit}. */
    List<DeadJob> deadJobs(int limit);

    /** One dead job with its error history; empty when it does not exist or is not dead. */
    Optional<DeadJob> deadJob(String jobId);

    /**
     * Puts a dead job back to PENDING, due now, with its attempts reset to 0 (its error
     * history is kept).
     *
     * @throws io.devrig.api.error.DevRigException {@code QUEUE_JOB_NOT_FOUND}, or
     *         {@code QUEUE_JOB_NOT_DEAD} naming its status
     */
    void retryDead(String jobId);

    /**
     * Deletes a dead job.
     *
     * @throws io.devrig.api.error.DevRigException {@code QUEUE_JOB_NOT_FOUND}, or
     *         {@code QUEUE_JOB_NOT_DEAD} naming its status
     */
    void discardDead(String jobId);

    /**
     * Takes back jobs whose lease expired: back to PENDING when they have attempts left,
     * else to the dead letter; either way {@code QUEUE_LEASE_EXPIRED} is added to their
     * error history. The worker that held them can no longer complete or fail them. Jobs
     * of a type whose handler keeps its own attempt budget
     * ({@link JobHandler#ATTEMPTS_PROPERTY}) go back to PENDING without the lost claim
     * counting as an attempt, and never to the dead letter for it.
     */
    RescueResult rescueExpired();

    /** Deletes COMPLETED jobs that completed more than {@code olderThan} ago; returns how many. */
    int cleanup(Duration olderThan);

    /** Counts per status and type, and the age of the oldest pending job. */
    QueueStats stats();

    /** The retry policy applied to failures of this job type. */
    RetryPolicy retryPolicy(String type);
}
