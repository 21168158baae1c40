package io.devrig.queue.internal;

import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import io.devrig.common.osgi.ServiceOnDemand;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A handler service taken from the framework when its first job runs, not when it is
 * bound ({@link ServiceOnDemand}). A handler usually needs the {@code JobQueue} itself (to
 * enqueue follow-up jobs): getting it at bind time, while the queue component or the handler
 * is being created, makes a service cycle that SCR breaks by leaving the handler out, and its
 * jobs would never run.
 */
final class OnDemandHandler implements JobHandler {

    private final ServiceOnDemand<JobHandler> service;

    OnDemandHandler(ComponentServiceObjects<JobHandler> objects) {
        this.service = new ServiceOnDemand<>(objects);
    }

    @Override
    public void handle(Job job) throws Exception {
        service.get().handle(job);
    }

    @Override
    public SqlWork<?> handleWithCompletion(Job job) throws Exception {
        return service.get().handleWithCompletion(job);
    }

    @Override
    public void claimed(SqlHandle transaction, List<Job> jobs) throws SQLException {
        service.get().claimed(transaction, jobs);
    }

    /** Whether the service writes with its claims; true until it was taken (then its class says). */
    boolean writesWithClaims() {
        JobHandler s = service.ifTaken();
        return s == null || WorkerPool.writesWithClaims(s);
    }

    /** Known once the service was taken (the pool asks again after each job). */
    @Override
    public RetryPolicy retryPolicy() {
        JobHandler s = service.ifTaken();
        return s == null ? null : s.retryPolicy();
    }

    @Override
    public Duration taskTimeout(Job job) {
        return service.get().taskTimeout(job);
    }

    /** Gives the service back (the handler was unbound). */
    void release() {
        service.release();
    }

    @Override
    public String toString() {
        return "JobHandler " + service.describe();
    }
}
