package io.devrig.flow.engine.internal;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.flow.DryRunResult;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunEvents;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunRetry;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunTrigger;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.flow.Workflows;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.store.Database;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import io.devrig.api.time.DevRigClock;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow executor as OSGi services: {@link WorkflowRuns} for the faces, and the
 * {@link JobHandler} of {@value FlowEngine#JOB_TYPE} jobs for the queue's workers.
 * Configuration PID {@code io.devrig.flow.engine}.
 */
@Component(service = {WorkflowRuns.class, JobHandler.class}, immediate = true,
        configurationPid = "io.devrig.flow.engine", property = {JobHandler.TYPE_PROPERTY + "=" + FlowEngine.JOB_TYPE,
                // a run's budget is its nodes' attempts: a lost claim (crash, lease) must not dead-letter it
                JobHandler.ATTEMPTS_PROPERTY + "=" + JobHandler.ATTEMPTS_BY_HANDLER,
                // a process death costs the running node an attempt, so a crash loop in a node already
                // ends with the node's retry budget (3 by default, what the workflow says otherwise);
                // the queue's poison rule is the backstop, e.g. for a crash outside any node.
                // etc/io.devrig.flow.engine.cfg may set it (configuration overrides this property)
                JobHandler.POISON_PROPERTY + ":Integer=" + FlowEngineComponent.POISON_AFTER_CRASHES})
@Designate(ocd = EngineConfig.class)
public final class FlowEngineComponent implements WorkflowRuns, JobHandler {

    private static final Logger LOG = LoggerFactory.getLogger(FlowEngineComponent.class);
    /** The queue's poison threshold for {@value FlowEngine#JOB_TYPE} jobs (see the README). */
    static final int POISON_AFTER_CRASHES = 10;
    /** How often nodes running without a row are looked for, to write their running rows (FlowEngine.markRunning). */
    static final long MARK_EVERY_MS = 50;
    /** A run's job may last as long as the longest workflow timeout (24 h) allows. */
    private static final Duration RUN_JOB_LIMIT = Duration.ofHours(24).plusMinutes(5);

    private final FlowEngine engine;
    private final ThreadPoolExecutor nodePool;
    private final ScheduledThreadPoolExecutor orphanCheck;

    @Activate
    public FlowEngineComponent(@Reference Database database, @Reference ActionRegistry actions,
            @Reference Workflows workflows, @Reference WorkflowDefinitions definitions,
            @Reference ConditionEngine conditions, @Reference JobQueue queue, EngineConfig config) {
        EngineSettings settings = EngineSettings.from(config);
        this.nodePool = nodePool(settings.nodeThreads());
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : settings.env()) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        DevRigClock clock = DevRigClock.system();
        EngineContext context = new EngineContext(database, actions, clock, new UlidGenerator(clock, new SecureRandom()),
                settings, nodePool, Map.copyOf(env), this::postFinished);
        this.engine = new FlowEngine(context, workflows, definitions, conditions, queue);
        this.orphanCheck = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "devrig-flow-orphans");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1_000, config.orphanCheckMs());
        orphanCheck.scheduleWithFixedDelay(this::checkOrphans, 0, every, TimeUnit.MILLISECONDS);
        // the same thread: a long orphan check only delays when a long node is seen running
        orphanCheck.scheduleWithFixedDelay(this::markRunning, MARK_EVERY_MS, MARK_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Optional: without Event Admin no run-finished events are posted (workflow triggers need them). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile EventAdmin eventAdmin;

    /** After a run's final state committed: {@link RunEvents#RUN_FINISHED}, posted asynchronously. */
    private void postFinished(String runId, String workflowId, io.devrig.api.flow.RunStatus status) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(RunEvents.RUN_ID, runId);
        props.put(RunEvents.STATUS, status.json());
        if (workflowId != null) {
            props.put(RunEvents.WORKFLOW_ID, workflowId);
        }
        try {
            admin.postEvent(new Event(RunEvents.RUN_FINISHED, props));
        } catch (RuntimeException e) {
            // the run is final either way; Event Admin going away must not fail the worker
            LOG.debug("Posting {} for run {} failed: {}", RunEvents.RUN_FINISHED, runId, e.getMessage());
        }
    }

    private void markRunning() {
        try {
            engine.markRunning();
        } catch (RuntimeException e) {
            LOG.debug("Could not mark running nodes: {}", e.getMessage());
        }
    }

    /** A run left running with nothing executing it is found while the server runs, not only at start. */
    private void checkOrphans() {
        try {
            engine.resumeOrphans();
        } catch (RuntimeException e) {
            LOG.warn("Could not look for unfinished runs without a job: {}", e.getMessage());
        }
    }

    static ThreadPoolExecutor nodePool(int threads) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "devrig-flow-node-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    @Deactivate
    void deactivate() {
        // runs in flight continue from their stored state when their jobs are taken up again
        orphanCheck.shutdownNow();
        nodePool.shutdownNow();
    }

    @Override
    public void handle(Job job) throws Exception {
        engine.handle(job);
    }

    @Override
    public SqlWork<?> handleWithCompletion(Job job) throws Exception {
        return engine.handleWithCompletion(job);
    }

    @Override
    public void claimed(SqlHandle transaction, List<Job> jobs) throws SQLException {
        engine.claimed(transaction, jobs);
    }

    @Override
    public Duration taskTimeout(Job job) {
        return RUN_JOB_LIMIT;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return null;
    }

    @Override public RunStart start(String workflowId, String inputJson) { return engine.start(workflowId, inputJson); }
    @Override public RunStart startTriggered(String workflowId, RunTrigger trigger) { return engine.startTriggered(workflowId, trigger); }
    @Override public io.devrig.api.flow.PreparedRun prepareTriggered(String workflowId, RunTrigger trigger) { return engine.prepareTriggered(workflowId, trigger); }
    @Override public io.devrig.api.flow.PreparedRun prepareTriggered(String workflowId, RunTrigger trigger, String runId) { return engine.prepareTriggered(workflowId, trigger, runId); }
    @Override public RunStart startPrepared(io.devrig.api.flow.PreparedRun prepared) { return engine.startPrepared(prepared); }
    @Override public Optional<RunSummary> run(String runId) { return engine.run(runId); }
    @Override public Optional<RunDetail> detail(String runId) { return engine.detail(runId); }
    @Override public List<RunSummary> runs(RunQuery query) { return engine.runs(query); }
    @Override public boolean cancel(String runId) { return engine.cancel(runId); }
    @Override public RunRetry retry(String runId, boolean latestVersion) { return engine.retry(runId, latestVersion); }

    @Override
    public Optional<RunSummary> await(String runId, Duration timeout) throws InterruptedException {
        return engine.await(runId, timeout);
    }

    @Override
    public DryRunResult dryRun(String workflowId, boolean draft, String inputJson) {
        return engine.dryRun(workflowId, draft, inputJson);
    }
}
