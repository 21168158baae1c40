package io.devrig.queue.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.Enqueued;
import io.devrig.api.queue.FailOutcome;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueStats;
import io.devrig.api.queue.RescueResult;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import java.time.Duration;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@link SqliteJobQueue} as {@link JobQueue} with the settings of PID
 * {@code io.devrig.queue}, runs the {@link WorkerPool} with every {@link JobHandler}
 * service (keyed by {@value JobHandler#TYPE_PROPERTY}) and the periodic rescue and
 * cleanup. A configuration change restarts it all (DS reactivation). Immediate: the
 * workers run even when nobody uses the service.
 */
@Component(service = JobQueue.class, immediate = true, configurationPid = "io.devrig.queue")
@Designate(ocd = QueueConfig.class)
public final class QueueComponent implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(QueueComponent.class);

    /**
     * This process: its pid and start time. The same for every activation of the component
     * in one JVM (a configuration change or a bundle update must not release the claims of
     * handlers still finishing in this process).
     */
    static final String PROCESS = ProcessHandle.current().pid() + "-"
            + ProcessHandle.current().info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("0");

    private final SqliteJobQueue queue;
    private final String owner;
    private final WorkerPool pool;
    private final StartMarks marks;
    private final Maintenance maintenance;
    /** The types each handler service was registered for, to undo exactly that. */
    private final Map<JobHandler, Set<String>> handlerTypes = new IdentityHashMap<>();
    /** The bound handlers by what bound them (their ComponentServiceObjects). */
    private final Map<Object, JobHandler> handlers = new IdentityHashMap<>();

    @Activate
    public QueueComponent(@Reference(name = "database") Database database, QueueConfig config) {
        QueueSettings settings = QueueSettings.from(config);
        this.queue = new SqliteJobQueue(database, DevRigClock.system(), settings.retryPolicy());
        this.owner = config.ownerId() == null || config.ownerId().isBlank() ? defaultOwner() : config.ownerId().trim();
        queue.setProcess(owner, PROCESS);
        queue.setPoisonAfterCrashes(settings.poisonAfterCrashes());
        java.nio.file.Path data = dataDir(config.dataDir());
        this.marks = data == null ? null : new StartMarks(data, PROCESS);
        queue.setStartMarks(marks);
        this.pool = new WorkerPool(queue, settings.pool(), owner, PROCESS, marks);
        this.maintenance = new Maintenance(queue, settings.rescueInterval(), settings.cleanupAfter());
        pool.start();
        LOG.info("Job queue started: {}-{} workers, lease {} ms, task limit {} ms, retry {}, poison after {} crashes",
                settings.pool().minWorkers(), settings.pool().maxWorkers(), settings.pool().lease().toMillis(),
                settings.pool().taskTimeout().toMillis(), settings.retryPolicy(), settings.poisonAfterCrashes());
    }

    @Deactivate
    void deactivate() {
        maintenance.close();
        pool.close();
        if (marks != null) {
            marks.close();
        }
    }

    /** The configured data folder, else {@code ${karaf.data}/devrig/queue}; null outside Karaf without one (no start marks). */
    static java.nio.file.Path dataDir(String configured) {
        if (configured != null && !configured.isBlank()) {
            return java.nio.file.Path.of(configured.trim());
        }
        String karafData = System.getProperty("karaf.data");
        if (karafData == null || karafData.isBlank()) {
            LOG.info("No karaf.data and no dataDir: job starts are not recorded; after a crash every claimed job "
                    + "counts as started");
            return null;
        }
        return java.nio.file.Path.of(karafData, "devrig", "queue");
    }

    /**
     * Handler services are bound without being taken (see {@link OnDemandHandler}): a
     * handler that needs this queue must not make a cycle with it.
     */
    @Reference(name = "handler", service = JobHandler.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, unbind = "removeHandler", updated = "updatedHandler")
    void addHandler(ComponentServiceObjects<JobHandler> objects, Map<String, Object> properties) {
        bind(objects, new OnDemandHandler(objects), properties);
    }

    void updatedHandler(ComponentServiceObjects<JobHandler> objects, Map<String, Object> properties) {
        rebind(objects, properties);
    }

    void removeHandler(ComponentServiceObjects<JobHandler> objects) {
        JobHandler handler;
        synchronized (handlerTypes) {
            handler = handlers.remove(objects);
        }
        if (handler != null) {
            unregister(handler);
            if (handler instanceof OnDemandHandler onDemand) {
                onDemand.release();
            }
        }
    }

    /** Binds a handler object under {@code key} (the on-demand wrapper above; tests bind plain handlers). */
    void bind(Object key, JobHandler handler, Map<String, Object> properties) {
        synchronized (handlerTypes) {
            handlers.put(key, handler);
        }
        register(handler, properties);
    }

    private void register(JobHandler handler, Map<String, Object> properties) {
        Set<String> types = types(properties.get(JobHandler.TYPE_PROPERTY));
        if (types.isEmpty()) {
            LOG.warn("{} has no {} service property; it is not used", handler, JobHandler.TYPE_PROPERTY);
        }
        synchronized (handlerTypes) {
            handlerTypes.put(handler, types);
        }
        boolean byHandler = JobHandler.ATTEMPTS_BY_HANDLER.equals(properties.get(JobHandler.ATTEMPTS_PROPERTY));
        Integer poisonAfter = poisonThreshold(handler, properties.get(JobHandler.POISON_PROPERTY));
        for (String type : types) {
            queue.setAttemptsByHandler(type, byHandler);
            queue.setPoisonAfterCrashes(type, poisonAfter);
            pool.register(type, handler);
            releaseAbandoned(type);
        }
    }

    /**
     * Jobs of {@code type} this server's previous process held when it died go back to the
     * queue now that someone here can run them, instead of after their leases (up to a
     * lease and a rescue interval). Done when a type's handler appears, so the handler's
     * {@link JobHandler#ATTEMPTS_PROPERTY} is known when the lost claims are counted.
     */
    private void releaseAbandoned(String type) {
        try {
            queue.releaseAbandoned(owner, PROCESS, type);
        } catch (RuntimeException e) {
            LOG.warn("Could not release the {} jobs of this server's previous process (their leases will): {}", type,
                    e.getMessage());
        }
    }

    /** A handler's own poison threshold: a number of 0 or more (or its text); null (the queue's) for anything else. */
    static Integer poisonThreshold(JobHandler handler, Object value) {
        if (value == null) {
            return null;
        }
        try {
            int n = value instanceof Number number ? number.intValue() : Integer.parseInt(String.valueOf(value).trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("{} has an invalid {} ({}); the queue's poisonAfterCrashes applies to its jobs", handler,
                JobHandler.POISON_PROPERTY, value);
        return null;
    }

    /** Host name and Karaf home (the working directory outside Karaf): one server, whatever process runs it. */
    static String defaultOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException | RuntimeException e) {
            host = "localhost";
        }
        String home = System.getProperty("karaf.home", System.getProperty("user.dir", ""));
        try {
            home = java.nio.file.Path.of(home).toAbsolutePath().normalize().toString();
        } catch (RuntimeException e) {
            // keep it as given
        }
        return host + ":" + home;
    }

    private void unregister(JobHandler handler) {
        Set<String> types;
        synchronized (handlerTypes) {
            types = handlerTypes.remove(handler);
        }
        if (types != null) {
            types.forEach(type -> {
                pool.unregister(type, handler);
                queue.setAttemptsByHandler(type, false);
                queue.setPoisonAfterCrashes(type, null);
            });
        }
    }

    /** New service properties for what is bound under {@code key}. */
    void rebind(Object key, Map<String, Object> properties) {
        JobHandler existing;
        synchronized (handlerTypes) {
            existing = handlers.get(key);
        }
        if (existing != null) {
            unregister(existing);
            register(existing, properties);
        }
    }

    /** Unbinds what {@link #bind} bound under {@code key}. */
    void unbind(Object key) {
        JobHandler handler;
        synchronized (handlerTypes) {
            handler = handlers.remove(key);
        }
        if (handler != null) {
            unregister(handler);
        }
    }

    /** The job types named by a {@code devrig.job.type} value: a string, an array or a collection of them. */
    static Set<String> types(Object value) {
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof String s) {
            add(out, s);
        } else if (value instanceof String[] array) {
            for (String s : array) {
                add(out, s);
            }
        } else if (value instanceof Collection<?> c) {
            c.forEach(o -> add(out, String.valueOf(o)));
        }
        return out;
    }

    private static void add(Set<String> out, String s) {
        if (s != null && !s.isBlank()) {
            out.add(s.trim());
        }
    }

    WorkerPool pool() {
        return pool;
    }

    SqliteJobQueue queue() {
        return queue;
    }

    @Override
    public String enqueue(JobRequest request) {
        return queue.enqueue(request);
    }

    @Override
    public Enqueued enqueueWithResult(JobRequest request) {
        return queue.enqueueWithResult(request);
    }

    @Override
    public Optional<Job> claim(String workerId, Set<String> types, Duration lease) {
        return queue.claim(workerId, types, lease);
    }

    @Override
    public boolean extendLease(String jobId, String workerId, Duration lease) {
        return queue.extendLease(jobId, workerId, lease);
    }

    @Override
    public boolean complete(String jobId, String workerId) {
        return queue.complete(jobId, workerId);
    }

    @Override
    public FailOutcome fail(String jobId, String workerId, DevRigError error) {
        return queue.fail(jobId, workerId, error);
    }

    @Override
    public Optional<Job> job(String jobId) {
        return queue.job(jobId);
    }

    @Override
    public List<Job> jobs(String type, Set<JobStatus> statuses, int limit) {
        return queue.jobs(type, statuses, limit);
    }

    @Override
    public List<DeadJob> deadJobs(int limit) {
        return queue.deadJobs(limit);
    }

    @Override
    public Optional<DeadJob> deadJob(String jobId) {
        return queue.deadJob(jobId);
    }

    @Override
    public void retryDead(String jobId) {
        queue.retryDead(jobId);
    }

    @Override
    public void discardDead(String jobId) {
        queue.discardDead(jobId);
    }

    @Override
    public RescueResult rescueExpired() {
        return queue.rescueExpired();
    }

    @Override
    public int cleanup(Duration olderThan) {
        return queue.cleanup(olderThan);
    }

    @Override
    public QueueStats stats() {
        return queue.stats();
    }

    @Override
    public RetryPolicy retryPolicy(String type) {
        return queue.retryPolicy(type);
    }
}
