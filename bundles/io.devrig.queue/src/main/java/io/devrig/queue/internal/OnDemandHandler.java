package io.devrig.queue.internal;

import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.retry.RetryPolicy;
import java.time.Duration;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * A handler service taken from the framework when its first job runs, not when it is
 * bound. A handler usually needs the {@code JobQueue} itself (to enqueue follow-up jobs):
 * getting it at bind time, while the queue component or the handler is being created,
 * makes a service cycle that SCR breaks by leaving the handler out ("getService()
 * resulted in a cycle"), and its jobs would never run.
 */
final class OnDemandHandler implements JobHandler {

    private final ComponentServiceObjects<JobHandler> objects;
    private volatile JobHandler service;
    private boolean released;

    OnDemandHandler(ComponentServiceObjects<JobHandler> objects) {
        this.objects = objects;
    }

    private JobHandler service() {
        JobHandler s = service;
        if (s == null) {
            synchronized (this) {
                if (released) {
                    throw new IllegalStateException("the handler service went away");
                }
                s = service;
                if (s == null) {
                    s = objects.getService();
                    if (s == null) {
                        throw new IllegalStateException("the handler service is not available");
                    }
                    service = s;
                }
            }
        }
        return s;
    }

    @Override
    public void handle(Job job) throws Exception {
        service().handle(job);
    }

    /** Known once the service was taken (the pool asks again after each job). */
    @Override
    public RetryPolicy retryPolicy() {
        JobHandler s = service;
        return s == null ? null : s.retryPolicy();
    }

    @Override
    public Duration taskTimeout(Job job) {
        return service().taskTimeout(job);
    }

    /** Gives the service back (the handler was unbound). */
    synchronized void release() {
        released = true;
        if (service != null) {
            objects.ungetService(service);
            service = null;
        }
    }

    @Override
    public String toString() {
        Object id = objects.getServiceReference() == null ? null
                : objects.getServiceReference().getProperty("service.id");
        return "JobHandler service " + id;
    }
}
