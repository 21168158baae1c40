/**
 * The job queue implementation: {@link io.devrig.queue.internal.SqliteJobQueue} (the
 * {@code job_queue} table: enqueue, leased claims, complete/fail under River's rule,
 * retries, dead letter, rescue, cleanup, stats), {@link io.devrig.queue.internal.WorkerPool}
 * (threads that claim and run jobs with {@link io.devrig.api.queue.JobHandler}s, time
 * limits, lease renewal), {@link io.devrig.queue.internal.Maintenance} (periodic rescue and
 * cleanup), and the DS components that publish them from PID {@code io.devrig.queue}.
 * Plain Java below the components, so it is unit-tested without a framework. Not exported.
 */
package io.devrig.queue.internal;
