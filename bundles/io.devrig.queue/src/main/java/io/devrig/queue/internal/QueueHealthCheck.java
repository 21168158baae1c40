package io.devrig.queue.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.health.HealthCheck;
import io.devrig.api.health.HealthResult;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueStats;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code queue} health check: UP with the job counts while the database answers and
 * the queue component is active; DOWN when the database service is missing or failing, or
 * the queue is not active (e.g. an invalid {@code io.devrig.queue} configuration). A
 * component of its own with optional references, so it can say DOWN instead of vanishing.
 * Dead jobs do not make it DOWN: they wait for a person, not for the server.
 */
@Component(service = HealthCheck.class, immediate = true)
public final class QueueHealthCheck implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Database database;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            target = "(component.name=io.devrig.queue.internal.QueueComponent)")
    volatile JobQueue queue;

    DevRigClock clock = DevRigClock.system();

    @Override
    public String name() {
        return "queue";
    }

    @Override
    public HealthResult check() {
        Database db = database;
        if (db == null) {
            return HealthResult.down("the database service is not available");
        }
        JobQueue q = queue;
        if (q == null) {
            return HealthResult.down("the job queue is not active (see the log; is the io.devrig.queue configuration valid?)");
        }
        QueueStats stats;
        try {
            stats = SqliteJobQueue.stats(db, clock.now());
        } catch (DevRigException e) {
            return HealthResult.down("cannot read the job queue: " + e.getMessage());
        } catch (RuntimeException e) {
            return HealthResult.down("cannot read the job queue: " + e.getClass().getName());
        }
        long pending = stats.count(JobStatus.PENDING);
        HealthResult result = HealthResult.up(pending + " pending (" + stats.scheduled() + " scheduled), "
                + stats.count(JobStatus.PROCESSING) + " processing, " + stats.count(JobStatus.DEAD) + " dead")
                .with("pending", pending)
                .with("scheduled", stats.scheduled())
                .with("processing", stats.count(JobStatus.PROCESSING))
                .with("completed", stats.count(JobStatus.COMPLETED))
                .with("dead", stats.count(JobStatus.DEAD))
                .with("oldestPendingAgeMs", stats.oldestPendingAge().toMillis());
        if (q instanceof QueueComponent component) {
            WorkerPool pool = component.pool();
            result = result.with("workers", pool.threadCount()).with("busyWorkers", pool.busyCount())
                    .with("jobTypes", pool.types().stream().sorted().toList());
        }
        return result;
    }
}
