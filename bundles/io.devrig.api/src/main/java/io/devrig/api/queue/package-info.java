/**
 * The durable job queue (seed architecture §11, §15.2, §15.5): jobs are rows of the
 * {@code job_queue} table, claimed under a lease, completed, or failed and retried
 * with backoff until they go to the dead letter, where every attempt's error is kept.
 *
 * <p>{@link io.devrig.api.queue.JobQueue} is the queue; {@link io.devrig.api.queue.JobHandler}
 * services (whiteboard, one or more {@code devrig.job.type} values) do the work on
 * the queue bundle's worker threads.
 */
@Version("1.5.0")
package io.devrig.api.queue;

import org.osgi.annotation.versioning.Version;
