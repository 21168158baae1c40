package io.devrig.api.queue;

import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import java.sql.SQLException;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Does the work of one job type. Published as an OSGi service with the service property
 * {@value #TYPE_PROPERTY} (a string, or several) naming the job types it handles; the
 * queue bundle's worker pool claims jobs of those types and calls {@link #handle} on one
 * of its threads. Handlers come and go with their bundles.
 *
 * <p>Returning completes the job. Throwing fails the attempt: a
 * {@link io.devrig.api.error.DevRigException} with its own error (its category decides
 * whether the job is retried); any other exception as {@code QUEUE_HANDLER_FAILED},
 * category permanent (not retried), except {@link InterruptedException} and
 * {@link java.util.concurrent.TimeoutException}, category timeout.
 *
 * <p>A handler runs at most for the pool's per-task time limit, then its thread is
 * interrupted and the attempt fails with {@code QUEUE_TASK_TIMEOUT}: handlers must answer
 * interruption (blocking calls do; loops should check {@link Thread#interrupted()}). A job
 * may run more than once (a retry, or a worker that stalled past its lease while another
 * took the job over), so handlers must be idempotent.
 */
@ConsumerType
@FunctionalInterface
public interface JobHandler {

    /** Service property: the job type(s) this handler handles. */
    String TYPE_PROPERTY = "devrig.job.type";

    /**
     * Service property: {@value #ATTEMPTS_BY_HANDLER} when the handler keeps its own budget
     * of attempts for its jobs (the workflow engine counts each node's attempts). A claim
     * lost without an outcome (the lease expired, or the server restarted while the job ran)
     * then never dead-letters it (its attempt budget grows by one; {@code attempts} still
     * counts claims): the handler sees the interruption when it takes the job up again and
     * counts it itself. Only the poison rule ({@link #POISON_PROPERTY}) still dead-letters it.
     * Failures the handler reports still count.
     */
    String ATTEMPTS_PROPERTY = "devrig.job.attempts";

    /**
     * Service property (an integer, 0 or more): the poison threshold of this handler's job
     * types, instead of the queue's {@code poisonAfterCrashes}. A job of these types that was
     * running at this many deaths of the process in a row is dead-lettered with
     * {@link QueueErrors#QUEUE_POISON}; 0: never. For handlers whose own accounting already
     * bounds a crash loop more finely (the workflow engine counts each interruption as an
     * attempt of the node that was running) and whose users set that budget.
     */
    String POISON_PROPERTY = "devrig.job.poisonAfterCrashes";

    /** The value of {@link #ATTEMPTS_PROPERTY} for handlers that count their own attempts. */
    String ATTEMPTS_BY_HANDLER = "handler";

    /** Does the job's work; see the class description for what returning and throwing mean. */
    void handle(Job job) throws Exception;

    /**
     * Does the job's work, as {@link #handle}, and returns the writes that record its result,
     * or null. The pool commits them in the transaction that completes the job, which it
     * shares with other jobs' completions and its next claim (group commit): a handler whose
     * result is rows of DevRig's own database pays no commit of its own, and its result and
     * its job's completion are durable together or not at all. They apply only while the
     * job's claim is still this worker's (a worker that lost its lease changes nothing); when
     * they fail, their savepoint is rolled back with the completion, and the job runs again
     * once its lease expires. A handler that completes its job itself (through the queue, in
     * its own transaction) returns null. Default: {@link #handle}, then null.
     */
    default SqlWork<?> handleWithCompletion(Job job) throws Exception {
        handle(job);
        return null;
    }

    /**
     * Called by the pool inside the transaction that claims {@code jobs} (this handler's, in
     * claim order, about to run on its workers), in a savepoint of its own, before that
     * transaction commits: a handler may write there what taking the jobs up means, sharing
     * the claim's commit (the workflow engine admits their runs and keeps what it read for
     * the workers). It must be quick and touch nothing but the store; a failure is rolled back
     * with its savepoint and logged, and the jobs run as claimed. A job handed to an idle
     * worker at its enqueue is claimed in the enqueue's own transaction and is not passed here
     * (its enqueuer knows: {@link Enqueued#claimedAtEnqueue()}). Default: nothing.
     */
    default void claimed(SqlHandle transaction, List<Job> jobs) throws SQLException {
    }

    /**
     * The retry policy for this handler's job types, or null (default) for the queue's
     * configured policy.
     */
    default RetryPolicy retryPolicy() {
        return null;
    }

    /**
     * The time limit for this job, or null (default) for the pool's configured per-task
     * limit. For handlers whose jobs legitimately run long (a workflow run has its own
     * timeout setting).
     */
    default java.time.Duration taskTimeout(Job job) {
        return null;
    }
}
