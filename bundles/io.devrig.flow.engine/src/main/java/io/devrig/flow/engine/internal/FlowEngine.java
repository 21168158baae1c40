package io.devrig.flow.engine.internal;

import com.networknt.schema.Error;
import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.condition.ConditionResult;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.DryRunResult;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunRetry;
import io.devrig.api.flow.PreparedRun;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunTrigger;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.WorkflowNode;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.flow.WorkflowState;
import io.devrig.api.flow.Workflows;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.Enqueued;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.store.Database;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import io.devrig.common.json.JsonTrees;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts runs and executes them as jobs of type {@value #JOB_TYPE} on the durable queue.
 *
 * <p>A run is a {@code workflow_runs} row plus exactly one live job: starting a run writes
 * both in one transaction, and a run that must wait (for a concurrency slot or a long
 * retry delay) writes its continuation job in the transaction that records the wait. A
 * job that arrives for a run already being executed in this JVM, or already final, does
 * nothing; a rescued job (its worker died) continues the run from its stored state.
 */
public final class FlowEngine implements WorkflowRuns {

    static final String JOB_TYPE = WorkflowRuns.JOB_TYPE;
    private static final Logger LOG = LoggerFactory.getLogger(FlowEngine.class);
    private static final int LOG_LINES_IN_DETAIL = 500;

    private final EngineContext context;
    private final Database db;
    private final Workflows workflows;
    private final WorkflowDefinitions definitions;
    private final ConditionEngine conditions;
    private final JobQueue queue;
    /** Compiled graphs by workflow id and version: a published version never changes. */
    private final Map<String, Graph> graphs = new ConcurrentHashMap<>();
    /** Runs executing in this JVM. */
    private final Map<String, RunExecution> active = new ConcurrentHashMap<>();
    /** Runs a worker of this JVM has taken up (from before their execution is registered in {@link #active}). */
    private final Set<String> executing = ConcurrentHashMap.newKeySet();
    /**
     * Runs started here that no execution of this JVM has taken up yet, with their start's
     * job id and the run as written: their journal is empty, so the worker that takes that
     * job starts them without reading the store. A run admitted by its start (a free worker
     * took the job in the start's transaction) is {@code running}; one left {@code pending}
     * (no worker was free) is admitted by that worker with one update. Pending ones are kept
     * within {@link #PENDING_BUDGET} characters of input (none above
     * {@link #PENDING_INPUT_MAX}); beyond that, and after a restart, a worker reads the run
     * (a running one is then resumed as any). A cancel takes its run out, so its job reads
     * the request.
     */
    private final Map<String, StartedRun> startedHere = new ConcurrentHashMap<>();
    /**
     * Runs whose jobs the pool claimed, loaded (and admitted when pending) in the claim's
     * transaction ({@link #claimed}), for the worker that takes each job up: it starts them
     * without a turn at the writer of its own. Bounded; a cancel takes its run out.
     */
    private final Map<String, ClaimedRun> claimedHere = new ConcurrentHashMap<>();
    static final int CLAIMED_MAX = 1024;

    /** What the claim's transaction read and wrote of a run, for its job's worker. */
    private record ClaimedRun(String jobId, Stored stored) {
    }

    /** A run and its journal as a start's transaction read them (JSON not parsed), and its admission. */
    private record Stored(RunStore.StoredRun run, List<RunStore.StoredNode> nodes, Instant admittedAt) {
    }
    private final java.util.concurrent.atomic.AtomicLong pendingChars = new java.util.concurrent.atomic.AtomicLong();
    static final long PENDING_BUDGET = 4L << 20;
    static final int PENDING_INPUT_MAX = 16 << 10;

    private record StartedRun(String jobId, RunRow run) {
        /** The characters a pending run counts against the budget (an admitted one counts none). */
        int charge() {
            return run.status() == RunStatus.PENDING && run.input() != null ? run.input().length() : 0;
        }
    }

    public FlowEngine(EngineContext context, Workflows workflows, WorkflowDefinitions definitions,
            ConditionEngine conditions, JobQueue queue) {
        this.context = context;
        this.db = context.database();
        this.workflows = workflows;
        this.definitions = definitions;
        this.conditions = conditions;
        this.queue = queue;
    }

    // ---- starting ----

    @Override
    public RunStart start(String workflowId, String inputJson) {
        return startTriggered(workflowId, RunTrigger.manual(Json.inputObject(inputJson)));
    }

    @Override
    public RunStart startTriggered(String workflowId, RunTrigger trigger) {
        // one write transaction: the state read (on the writer, whose cache is warm), the checks and
        // the run with its job (a separate read would cost as much again as the whole start)
        Prepared[] prepared = new Prepared[1];
        try {
            return db.write(h -> write(h, prepared[0] = prepare(workflowId, trigger, null)));
        } catch (RuntimeException | java.lang.Error e) {
            forgetAdmission(prepared[0]);
            throw e;
        }
    }

    /** A start whose transaction rolled back admitted nothing. */
    private void forgetAdmission(Prepared p) {
        if (p != null && p.runId() != null) {
            forget(p.runId());
        }
    }

    @Override
    public PreparedRun prepareTriggered(String workflowId, RunTrigger trigger) {
        return prepare(workflowId, trigger, null); // outside any transaction: its reads take a reader
    }

    @Override
    public PreparedRun prepareTriggered(String workflowId, RunTrigger trigger, String runId) {
        if (runId == null || runId.isBlank()) {
            throw new IllegalArgumentException("a run id is required");
        }
        return prepare(workflowId, trigger, runId);
    }

    @Override
    public RunStart startPrepared(PreparedRun prepared) {
        if (!(prepared instanceof Prepared p)) {
            throw new IllegalArgumentException("not a run prepared by this engine: " + prepared);
        }
        try {
            return db.write(h -> {
                // disabled, deleted or unpublished since it was prepared: refused as a start would be
                state(p.workflowId());
                return write(h, p);
            });
        } catch (RuntimeException | java.lang.Error e) {
            forgetAdmission(p);
            throw e;
        }
    }

    /** A run start worked out before its rows are written (see {@link PreparedRun}). */
    private record Prepared(String workflowId, int workflowVersion, int maxConcurrentRuns, String runId,
            String correlationId, String inputJson, RunTrigger trigger, String skipped, String payloadJson)
            implements PreparedRun {
    }

    /** The workflow's state when it can be started: found, enabled, published. */
    private WorkflowState state(String workflowId) {
        WorkflowState wf = workflows.state(workflowId).orElseThrow(() -> notFound("no workflow '" + workflowId + "'"));
        if (wf.canStart()) {
            return wf;
        }
        if (!wf.enabled()) {
            throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT,
                    "workflow '" + workflowId + "' is disabled");
        }
        throw notFound("workflow '" + workflowId + "' has no published version; publish its draft first");
    }

    /** Everything a start decides before it writes: the checks, the version, entry conditions, ids, JSON. */
    @SuppressWarnings("unchecked")
    private Prepared prepare(String workflowId, RunTrigger trigger, String runId) {
        // a fired trigger's payload: written and read back once, which refuses what is not JSON
        // before anything is stored; its object is the run's input
        Object payload = trigger.manual() ? trigger.payload() : triggerPayload(trigger);
        Map<String, Object> input = payload instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        WorkflowState wf = state(workflowId);
        Graph graph = published(workflowId, wf.latestVersion()).orElseThrow(() -> notFound(
                "workflow '" + workflowId + "' v" + wf.latestVersion() + " is missing"));
        if (trigger.manual()) {
            checkInputSchema(graph, input);
        }
        String correlationId = context.ids().nextString();
        String skipped = entryConditionsFailing(graph, trigger, input);
        // an object payload is the run's input: one text serves the run's row and the caller's event
        String inputJson = Json.write(input);
        String payloadJson = trigger.manual() ? null : payload == input ? inputJson : Json.write(payload);
        return new Prepared(workflowId, graph.definition.version(), graph.definition.settings().maxConcurrentRuns(),
                skipped != null ? null : runId != null ? runId : context.ids().nextString(), correlationId,
                skipped == null ? inputJson : null, trigger.manual() ? trigger : new RunTrigger(trigger.type(),
                        trigger.triggerId(), trigger.eventId(), payload), skipped, payloadJson);
    }

    /** The rows of a prepared start, in the caller's transaction: the run and its job, or the skip's log line. */
    private RunStart write(SqlHandle h, Prepared p) throws java.sql.SQLException {
        Instant now = context.clock().now();
        if (p.skipped() != null) {
            RunStore.log(h, context.ids().nextString(), null, null, p.correlationId(), "info",
                    "run of workflow " + p.workflowId() + " v" + p.workflowVersion() + " skipped: " + p.skipped(),
                    Json.write(Map.of("workflowId", p.workflowId(), "version", p.workflowVersion())), now);
            LOG.info("Run of workflow {} v{} skipped: {}", p.workflowId(), p.workflowVersion(), p.skipped());
            return new RunStart(null, 0, p.correlationId(), p.skipped());
        }
        // no "created" log line: the run row says it, and a log row is five more index entries per run
        RunStore.insertRun(h, p.runId(), p.workflowId(), p.workflowVersion(), p.correlationId(), p.inputJson(),
                p.trigger(), now);
        // no idempotency key: the run id is new, so the job cannot exist yet, and a keyed id (a
        // hash) would land at a random place in the queue's primary key where a ULID appends
        Enqueued job = queue.enqueueWithResult(JobRequest.of(JOB_TYPE, payload(p.runId())));
        String jobId = job.jobId();
        // a free worker took the job in this transaction (the queue's direct hand-off): the run
        // is admitted here, so that worker starts it without reading or writing the store first.
        // This transaction is then the start mark of its first nodes, as an admission is. (Inside
        // a caller's transaction that rolls back later, the entry stays behind, for a run and a
        // job that never existed: nothing asks for it.)
        boolean admitted = job.claimedAtEnqueue()
                && RunStore.admit(h, p.runId(), p.workflowId(), p.maxConcurrentRuns(), now);
        // before the commit: the worker may begin as soon as it lands
        remember(new StartedRun(jobId, new RunRow(p.runId(), p.workflowId(), p.workflowVersion(),
                admitted ? RunStatus.RUNNING : RunStatus.PENDING, p.correlationId(), p.inputJson(),
                admitted ? Times.iso(now) : null, false, p.trigger())));
        return new RunStart(p.runId(), p.workflowVersion(), p.correlationId(), null);
    }

    private void remember(StartedRun started) {
        RunTrigger trigger = started.run().trigger();
        if (started.run().status() == RunStatus.RUNNING) {
            startedHere.put(started.run().id(), started); // its worker is about to take it
        } else if (trigger.manual() || trigger.payload() instanceof Map) { // else a payload apart from the input, not counted
            int size = started.charge();
            if (size <= PENDING_INPUT_MAX && pendingChars.addAndGet(size) <= PENDING_BUDGET) {
                startedHere.put(started.run().id(), started);
            } else if (size <= PENDING_INPUT_MAX) {
                pendingChars.addAndGet(-size);
            }
        }
    }

    /** The run as its start wrote it, taken out for the worker holding that start's job; null otherwise. */
    private StartedRun take(String runId, Job job) {
        StartedRun started = startedHere.get(runId);
        if (started == null || !started.jobId().equals(job.id()) || !startedHere.remove(runId, started)) {
            return null;
        }
        pendingChars.addAndGet(-started.charge());
        return started;
    }

    private void forget(String runId) {
        claimedHere.remove(runId);
        StartedRun started = startedHere.remove(runId);
        if (started != null) {
            pendingChars.addAndGet(-started.charge());
        }
    }

    /** A fired trigger's payload as plain JSON values; refused (type and place only, never a value) when it is not JSON. */
    private static Object triggerPayload(RunTrigger trigger) {
        return JsonTrees.toJava(Json.tree(trigger.payload(),
                "the payload of trigger " + trigger.triggerId() + " (" + trigger.type() + ")"));
    }

    private void checkInputSchema(Graph graph, Map<String, Object> input) {
        if (graph.inputSchema == null) {
            return;
        }
        List<Error> errors = graph.inputSchema.validate(Json.tree(input, "the run input"));
        if (!errors.isEmpty()) {
            List<String> problems = errors.stream().map(e -> {
                String location = String.valueOf(e.getInstanceLocation());
                return e.getMessage().startsWith(location) ? e.getMessage() : location + ": " + e.getMessage();
            }).toList();
            throw new DevRigException(new DevRigError(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "the run input does not match the workflow's input schema: " + String.join("; ", problems),
                    Map.of("problems", problems), false, null, null, context.clock().now()));
        }
    }

    /** Null when every entry condition holds, else why not. */
    private String entryConditionsFailing(Graph graph, RunTrigger trigger, Map<String, Object> input) {
        Map<String, Object> data = Map.of("trigger", RunExecution.triggerData(trigger, input), "input", input);
        ConditionContext ctx = ConditionContext.builder().run(data).env(context.env()).build();
        for (int i = 0; i < graph.entryConditions.size(); i++) {
            CompiledCondition c = graph.entryConditions.get(i);
            ConditionResult r = c.explain(ctx);
            if (r.failed()) {
                return "entry condition " + i + " could not be evaluated: " + r.error().code() + ": "
                        + r.error().message();
            }
            if (!r.value()) {
                return "entry condition " + i + " does not hold: " + c.json();
            }
        }
        return null;
    }

    // ---- executing (queue worker threads) ----

    /**
     * Inside the pool's claim transaction: loads each claimed run and admits it when pending,
     * as its worker would at its start ({@link #executeAlone}), so that the batch's runs are
     * admitted in the claim's one commit instead of one transaction each. A run started in
     * this JVM and handed over in memory is left to that hand-over.
     */
    void claimed(SqlHandle h, List<Job> jobs) throws java.sql.SQLException {
        for (Job job : jobs) {
            String runId = runIdOrNull(job);
            if (runId == null) {
                continue;
            }
            StartedRun started = startedHere.get(runId);
            if (started != null) {
                admitClaimed(h, started, job);
                continue;
            }
            if (claimedHere.size() >= CLAIMED_MAX) {
                continue;
            }
            Stored stored = loadAndAdmit(h, runId, job);
            if (stored == null) {
                continue; // gone or ended: its worker finds it so
            }
            ClaimedRun claimed = new ClaimedRun(job.id(), stored);
            // kept only once the claim commits: a rollback leaves nothing behind
            h.afterCommit(() -> claimedHere.put(runId, claimed));
        }
    }

    /**
     * A run started here and left pending (no worker was free at its start) is admitted in its
     * claim's transaction, so its worker starts it without a turn at the writer of its own.
     * Not admitted (cancelled, or at its workflow's limit): its worker tries as before.
     */
    private void admitClaimed(SqlHandle h, StartedRun started, Job job) throws java.sql.SQLException {
        RunRow run = started.run();
        if (!started.jobId().equals(job.id()) || run.status() != RunStatus.PENDING) {
            return;
        }
        Optional<Graph> graph = published(run.workflowId(), run.version());
        if (graph.isEmpty()) {
            return;
        }
        Instant now = context.clock().now();
        if (admitPending(h, run.id(), run.workflowId(), graph.get(), now)) {
            StartedRun admitted = new StartedRun(started.jobId(), run.admitted(now));
            // once the claim commits (before its jobs reach the workers); a cancel since took it out
            h.afterCommit(() -> {
                if (startedHere.replace(run.id(), started, admitted)) {
                    pendingChars.addAndGet(-started.charge()); // an admitted run counts nothing
                }
            });
        }
    }

    /**
     * One transaction loads the run and its nodes and admits a pending run (the common case: a
     * new run), so a run's start costs one turn at the writer, not a read and a write (or none:
     * in the claim's transaction); their JSON is parsed after it, with the writer released.
     * Null when the run is gone, or ended and not resumable by this job.
     */
    private Stored loadAndAdmit(SqlHandle h, String runId, Job job) throws java.sql.SQLException {
        Optional<RunStore.StoredRun> found = RunStore.storedRun(h, runId);
        if (found.isEmpty() || (found.get().status().isFinal() && !resumable(found.get().status(), job))) {
            return null;
        }
        RunStore.StoredRun run = found.get();
        Instant admittedAt = null;
        Optional<Graph> graph = run.status() == RunStatus.PENDING && !run.cancelRequested()
                ? published(run.workflowId(), run.version()) : Optional.empty();
        if (graph.isPresent()) {
            Instant now = context.clock().now();
            // no log line: the run's started_at says it, and a line costs a row in four indexes per run
            if (admitPending(h, runId, run.workflowId(), graph.get(), now)) {
                admittedAt = now;
            }
        }
        return new Stored(run, RunStore.storedStates(h, runId), admittedAt);
    }

    /** Admits a pending run within its published version's limit of concurrent runs; false if it was not. */
    private static boolean admitPending(SqlHandle h, String runId, String workflowId, Graph graph, Instant now)
            throws java.sql.SQLException {
        return RunStore.admit(h, runId, workflowId, graph.definition.settings().maxConcurrentRuns(), now);
    }

    /** The run as the claim of {@code job} loaded it, taken out for that job's worker; null otherwise. */
    private ClaimedRun takeClaimed(String runId, Job job) {
        ClaimedRun claimed = claimedHere.get(runId);
        if (claimed == null || !claimed.jobId().equals(job.id()) || !claimedHere.remove(runId, claimed)) {
            return null;
        }
        return claimed;
    }

    /** Handles one {@value #JOB_TYPE} job, writing everything itself. */
    void handle(Job job) throws Exception {
        SqlWork<Void> endWrites = handleWithCompletion(job);
        if (endWrites != null) {
            db.write(endWrites);
        }
    }

    /**
     * Handles one {@value #JOB_TYPE} job; a run that completed leaves its last writes to be
     * committed with the job's completion (see {@link RunExecution#deferEndToJobCompletion}).
     */
    SqlWork<Void> handleWithCompletion(Job job) throws Exception {
        String runId = runIdOf(job);
        RunExecution.Result result;
        try {
            result = execute(runId, job);
        } catch (Exception | java.lang.Error e) {
            if (job.isLastAttempt()) {
                // the queue gives up on this job: the run must not stay running forever
                DevRigError error = new DevRigError("RUN_ENGINE_FAILED", ErrorCategory.PERMANENT,
                        "the executor failed on this run: " + e.getClass().getSimpleName() + ": " + e.getMessage(),
                        Map.of(), false, null, runId, context.clock().now());
                db.write(h -> RunStore.finishRun(h, context, runId, null, RunStatus.FAILED, Json.error(error), context.clock().now()));
            }
            throw e;
        }
        if (result instanceof RunExecution.Finished f && RunExecution.deadLettered(f.status(), f.error())) {
            // the run's job goes to the dead-letter queue (not retried: the nodes had their retries);
            // devrig:dlq-retry resumes the run from its failed node
            DevRigError e = f.error();
            throw new DevRigException(new DevRigError("RUN_FAILED", e.category(), "run " + runId + " failed"
                    + (e.nodeId() == null ? "" : " at node " + e.nodeId()) + ": " + e.code() + ": " + e.message(),
                    Map.of("runId", runId, "cause", e.code()), false, e.nodeId(), runId, context.clock().now()));
        }
        return result instanceof RunExecution.Finished f ? f.endWrites() : null;
    }

    /** Executes what is due of the run; the result, or null when there was nothing to do. */
    private RunExecution.Result execute(String runId, Job job) throws InterruptedException {
        if (!executing.add(runId)) {
            // a duplicate job while another worker of this JVM executes the run; it may carry a
            // cancel that arrived before the execution was registered (or read its run)
            if (db.read(h -> RunStore.loadRun(h, runId)).map(RunRow::cancelRequested).orElse(false)) {
                RunExecution running = active.get(runId);
                if (running != null) {
                    running.stop(RunStatus.CANCELLED);
                } else {
                    finishCancelled(runId);
                }
            }
            return null;
        }
        try {
            return executeAlone(runId, job);
        } finally {
            executing.remove(runId);
        }
    }

    /**
     * {@link #execute}, with no other worker of this JVM on the run: a run found
     * {@code running} here was left so by an execution that stopped (a crash, a lost lease,
     * a wait), never by one still starting, so its journal can be read for the nodes that
     * execution started.
     */
    private RunExecution.Result executeAlone(String runId, Job job) throws InterruptedException {
        record Loaded(RunRow run, List<NodeState> nodes, Instant admittedAt) {
        }
        StartedRun started = take(runId, job);
        Graph startedGraph = started == null ? null : published(started.run().workflowId(), started.run().version())
                .orElse(null);
        if (startedGraph != null) {
            // started here, not taken up since: nothing of it ran, its journal is empty
            RunRow run = started.run();
            if (run.status() == RunStatus.RUNNING) { // admitted by its start
                return execute(run, startedGraph, List.of(), Times.parse(run.startedAt()), false, job);
            }
            // pending: admitted by one update, unless it was cancelled or is at its workflow's limit (then as below)
            Instant now = context.clock().now();
            if (db.write(h -> admitPending(h, runId, run.workflowId(), startedGraph, now))) {
                return execute(run.admitted(now), startedGraph, List.of(), now, false, job);
            }
        }
        // not started here, or its version is gone (the usual path fails it)
        ClaimedRun claimed = takeClaimed(runId, job);
        Stored stored = claimed != null ? claimed.stored() : db.write(h -> loadAndAdmit(h, runId, job));
        if (stored == null) {
            return null; // deleted, or a duplicate job of a finished run
        }
        Loaded loaded = new Loaded(stored.run().parsed(), RunStore.parsed(stored.nodes()), stored.admittedAt());
        if (loaded.run().status() == RunStatus.FAILED) {
            loaded = new Loaded(resume(loaded.run()), db.read(h -> RunStore.states(h, runId)), null);
        }
        RunRow run = loaded.run();
        if (run.cancelRequested()) {
            finishCancelled(runId);
            return null;
        }
        Graph graph = published(run.workflowId(), run.version()).orElse(null);
        if (graph == null) {
            Instant now = context.clock().now();
            db.write(h -> RunStore.finishRun(h, context, runId, null, RunStatus.FAILED, Json.error(new DevRigError("RUN_VERSION_MISSING",
                    ErrorCategory.PERMANENT, "workflow " + run.workflowId() + " v" + run.version() + " no longer exists",
                    Map.of(), false, null, runId, now)), now));
            return null;
        }
        Instant startedAt = Times.parse(run.startedAt());
        // admitted by an earlier execution: its journal tells which nodes it had started
        boolean resumed = run.status() == RunStatus.RUNNING;
        if (run.status() == RunStatus.PENDING) {
            startedAt = loaded.admittedAt() != null ? loaded.admittedAt() : admit(run, graph.definition);
            if (startedAt == null) {
                return null;
            }
        }
        return execute(run, graph, loaded.nodes(), startedAt, resumed, job);
    }

    /** Executes a loaded, admitted run on this thread (see {@link RunExecution}). */
    private RunExecution.Result execute(RunRow run, Graph graph, List<NodeState> nodes, Instant startedAt,
            boolean resumed, Job job) throws InterruptedException {
        String runId = run.id();
        RunExecution execution = new RunExecution(context, run, graph, nodes, startedAt, true, false, resumed);
        if (job.claimedAtEnqueue()) {
            // the pool had a free worker: no claim is under way to commit the completion with, so
            // it goes with the run's final state (under load the pool's group commit is cheaper:
            // one write of the queue's pages for many completions)
            execution.completeJobWith(h -> queue.complete(job.id(), job.lockedBy()));
        } else {
            // claimed by the pool (under load, in batches): a completed run's end is committed
            // with the job's completion, in the pool's group commit
            execution.deferEndToJobCompletion();
        }
        active.put(runId, execution);
        try {
            RunExecution.Result result = execution.execute();
            if (result instanceof RunExecution.Wait wait) {
                continueAt(runId, wait.until(), "wake");
            }
            return result;
        } finally {
            active.remove(runId, execution);
        }
    }

    /** Ends a run whose cancel was requested while no execution of this JVM could stop it. */
    private void finishCancelled(String runId) {
        Instant now = context.clock().now();
        db.write(h -> RunStore.finishRun(h, context, runId, null, RunStatus.CANCELLED, Json.error(new DevRigError("RUN_CANCELLED",
                ErrorCategory.CANCELLED, "the run was cancelled", Map.of(), false, null, runId, now)), now));
    }

    /**
     * A failed run's job is dead-lettered; {@code devrig:dlq-retry} makes it pending again
     * with its attempts reset, so its first attempt for a failed run is that retry (a
     * rescued duplicate of the job has attempts above 1, and no other job is ever made
     * for a run that has ended).
     */
    private static boolean resumable(RunStatus status, Job job) {
        return status == RunStatus.FAILED && job.attempts() == 1;
    }

    /**
     * Reopens a failed run from the dead-letter queue: its failed nodes are pending again
     * (each gets one more attempt beyond what it had), its clock restarts, completed nodes
     * keep their outputs. The run is {@code pending} until it is admitted again: a
     * {@code running} run has started every node its journal makes ready (see
     * {@link RunExecution}), and a reopened one has not.
     */
    private RunRow resume(RunRow run) {
        Instant now = context.clock().now();
        String logId = context.ids().nextString();
        db.write(h -> {
            h.update("UPDATE workflow_runs SET status = 'pending', error = NULL, completed_at = NULL, duration_ms = NULL, "
                    + "started_at = ?, cancel_requested = 0 WHERE id = ? AND status = 'failed'", Times.iso(now), run.id());
            h.update("UPDATE node_runs SET status = 'pending', next_attempt_at = NULL WHERE run_id = ? AND status = 'failed'",
                    run.id());
            RunStore.log(h, logId, run.id(), null, run.correlationId(), "info",
                    "run resumed from the dead-letter queue: its failed nodes run again", null, now);
            return null;
        });
        LOG.info("Run {} resumed from the dead-letter queue", run.id());
        return db.read(h -> RunStore.loadRun(h, run.id())).orElseThrow();
    }

    @Override
    public RunRetry retry(String runId, boolean latestVersion) {
        RunRow run = db.read(h -> RunStore.loadRun(h, runId)).orElseThrow(() -> notFound("no run '" + runId + "'"));
        if (run.status() != RunStatus.FAILED) {
            throw conflict("run " + runId + " is " + run.status().json() + "; only a failed run can be retried");
        }
        Graph from = published(run.workflowId(), run.version()).orElse(null);
        Graph to = from;
        if (latestVersion) {
            int latest = workflows.state(run.workflowId()).map(WorkflowState::latestVersion).orElse(0);
            if (latest < 1) {
                throw conflict("workflow '" + run.workflowId() + "' has no published version any more");
            }
            to = published(run.workflowId(), latest).orElseThrow(() -> conflict("workflow '" + run.workflowId()
                    + "' v" + latest + " is missing"));
        } else if (from == null) {
            throw conflict("workflow " + run.workflowId() + " v" + run.version()
                    + " no longer exists; retry on the latest version");
        }
        Map<String, NodeState> stored = new HashMap<>();
        db.read(h -> RunStore.states(h, runId)).forEach(st -> stored.put(st.nodeId, st));
        List<String> kept = new ArrayList<>();
        List<String> rerun = new ArrayList<>();
        boolean sameVersion = from == to;
        for (String id : to.order) {
            NodeState st = stored.get(id);
            boolean keep = sameVersion ? st != null && st.status != NodeRunStatus.FAILED
                    : st != null && st.status == NodeRunStatus.COMPLETED && unchanged(from, to, id) && kept.containsAll(
                            upstream(to, id));
            (keep ? kept : rerun).add(id);
        }
        int version = to.definition.version();
        Instant now = context.clock().now();
        String logId = context.ids().nextString();
        String message = sameVersion ? "run retried on v" + version + ": its failed nodes run again"
                : "run retried on v" + version + " (it failed on v" + run.version() + "): outputs kept for "
                        + (kept.isEmpty() ? "no node" : String.join(", ", kept)) + "; run again: " + String.join(", ", rerun);
        Optional<Job> dead = queue.jobs(JOB_TYPE, EnumSet.of(JobStatus.DEAD), Integer.MAX_VALUE).stream()
                .filter(j -> runId.equals(runIdOrNull(j))).findFirst();
        db.write(h -> {
            // pending until a worker admits it (see resume)
            if (h.update("UPDATE workflow_runs SET status = 'pending', workflow_version = ?, error = NULL, "
                    + "completed_at = NULL, duration_ms = NULL, started_at = ?, cancel_requested = 0 "
                    + "WHERE id = ? AND status = 'failed'", version, Times.iso(now), runId) != 1) {
                throw conflict("run " + runId + " is no longer failed (retried meanwhile?)");
            }
            if (sameVersion) {
                h.update("UPDATE node_runs SET status = 'pending', next_attempt_at = NULL WHERE run_id = ? "
                        + "AND status = 'failed'", runId);
            } else {
                for (String nodeId : stored.keySet()) {
                    if (!kept.contains(nodeId)) {
                        h.update("DELETE FROM node_runs WHERE run_id = ? AND node_id = ?", runId, nodeId);
                    }
                }
            }
            RunStore.log(h, logId, runId, null, run.correlationId(), "info", message, null, now);
            // its job: the dead one back (its history kept), else a new one; in this transaction
            try {
                if (dead.isEmpty()) {
                    throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no dead job");
                }
                queue.retryDead(dead.get().id());
            } catch (DevRigException e) {
                queue.enqueue(JobRequest.of(JOB_TYPE, payload(runId)));
            }
            return null;
        });
        LOG.info("Run {} of workflow {}: {}", runId, run.workflowId(), message);
        return new RunRetry(runId, run.version(), version, kept, rerun);
    }

    /**
     * Whether node {@code id} of {@code to} is what it was in {@code from}: the same type,
     * action type, config, condition and upstream nodes (so, given the same upstream
     * outputs, it would produce the same output).
     */
    private static boolean unchanged(Graph from, Graph to, String id) {
        WorkflowNode now = to.nodes.get(id);
        WorkflowNode before = from == null ? null : from.nodes.get(id);
        return before != null && now.type() == before.type() && Objects.equals(now.actionType(), before.actionType())
                && Objects.equals(now.config(), before.config()) && Objects.equals(now.condition(), before.condition())
                && upstream(to, id).equals(upstream(from, id));
    }

    private static Set<String> upstream(Graph g, String id) {
        Set<String> sources = new HashSet<>();
        g.inbound.get(id).forEach(e -> sources.add(e.source()));
        return sources;
    }

    private static DevRigException conflict(String message) {
        return new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.PERMANENT, message);
    }

    /** Takes a concurrency slot, or schedules another try; when the run started, or null when it must wait. */
    private Instant admit(RunRow run, WorkflowDefinition def) {
        Instant now = context.clock().now();
        int max = def.settings().maxConcurrentRuns();
        // no log line: the run's started_at says it, and a line costs a row in four indexes per run
        boolean admitted = db.write(h -> RunStore.admit(h, run.id(), run.workflowId(), max, now));
        if (!admitted) {
            continueAt(run.id(), now.plus(context.settings().admitRetry()), "admit");
            return null;
        }
        return now;
    }

    /** A continuation job for the run, due at {@code when}; one per run and time. */
    private void continueAt(String runId, Instant when, String why) {
        Duration delay = Duration.between(context.clock().now(), when);
        queue.enqueue(JobRequest.of(JOB_TYPE, payload(runId)).withDelay(delay.isNegative() ? Duration.ZERO : delay)
                .withIdempotencyKey(why + ":" + runId + ":" + when.toEpochMilli()));
    }

    /**
     * Gives a job to every unfinished run that has none (its job went dead, was discarded,
     * or was lost), and discards dead {@value #JOB_TYPE} jobs whose run is no longer
     * {@code failed} (it completed, was cancelled, or was given a new job here): the
     * dead-letter queue then lists only runs that wait for a person. Runs at start and
     * periodically ({@code orphanCheckMs}). Asks the queue which jobs are live through its
     * API; the queue's table is its own. The number of runs given a job.
     */
    int resumeOrphans() {
        // runs first, then jobs: a run whose job ends in between is final by the re-check below
        List<String> unfinished = db.read(RunStore::unfinishedRuns);
        Set<String> live = new HashSet<>();
        for (Job j : queue.jobs(JOB_TYPE, EnumSet.of(JobStatus.PENDING, JobStatus.PROCESSING), Integer.MAX_VALUE)) {
            live.add(runIdOrNull(j));
        }
        Map<String, List<String>> deadByRun = null;
        int resumed = 0;
        for (String runId : unfinished) {
            if (live.contains(runId)) {
                continue;
            }
            if (deadByRun == null) {
                deadByRun = deadJobsByRun();
            }
            Optional<DeadJob> poison = poisonJob(deadByRun.getOrDefault(runId, List.of()));
            if (poison.isPresent()) {
                // its job killed the server each time it ran: giving it a new one would loop again
                failPoisoned(runId, poison.get());
                continue;
            }
            // enqueued in the transaction that sees the run still unfinished
            boolean given = db.write(h -> {
                Optional<RunRow> run = RunStore.loadRun(h, runId);
                if (run.isEmpty() || run.get().status().isFinal()) {
                    return false;
                }
                queue.enqueue(JobRequest.of(JOB_TYPE, payload(runId)));
                return true;
            });
            resumed += given ? 1 : 0;
        }
        if (resumed > 0) {
            LOG.info("Resumed {} unfinished workflow run(s) that had no queue job", resumed);
        }
        int discarded = 0;
        for (Job dead : queue.jobs(JOB_TYPE, EnumSet.of(JobStatus.DEAD), 1000)) {
            String runId = runIdOrNull(dead);
            Optional<RunSummary> run = runId == null ? Optional.empty() : run(runId);
            if (run.isPresent() && run.get().status() == RunStatus.FAILED) {
                continue; // waits for dlq-retry or dlq-discard
            }
            try {
                queue.discardDead(dead.id());
                discarded++;
            } catch (DevRigException e) {
                // retried or discarded meanwhile
            }
        }
        if (discarded > 0) {
            LOG.info("Discarded {} dead {} job(s) whose run is not failed (it finished or has a new job)", discarded,
                    JOB_TYPE);
        }
        return resumed;
    }

    /** Dead {@value #JOB_TYPE} job ids by run id. */
    private Map<String, List<String>> deadJobsByRun() {
        Map<String, List<String>> byRun = new HashMap<>();
        for (Job dead : queue.jobs(JOB_TYPE, EnumSet.of(JobStatus.DEAD), 1000)) {
            String runId = runIdOrNull(dead);
            if (runId != null) {
                byRun.computeIfAbsent(runId, k -> new ArrayList<>()).add(dead.id());
            }
        }
        return byRun;
    }

    /** The run's dead job that the queue dead-lettered as poison ({@link QueueErrors#QUEUE_POISON}), if any. */
    private Optional<DeadJob> poisonJob(List<String> deadJobIds) {
        for (String id : deadJobIds) {
            Optional<DeadJob> dead = queue.deadJob(id);
            if (dead.isPresent() && dead.get().lastError() != null
                    && QueueErrors.QUEUE_POISON.equals(dead.get().lastError().error().code())) {
                return dead;
            }
        }
        return Optional.empty();
    }

    /**
     * Fails a run whose job the queue dead-lettered as poison: the nodes that were running
     * (they were running at each death) fail with the queue's message, and so does the run,
     * so it does not stay {@code running}. The dead job stays in the dead-letter queue: a
     * person decides ({@code devrig:dlq-retry} resumes the run, {@code dlq-discard} ends it).
     */
    private void failPoisoned(String runId, DeadJob job) {
        DevRigError verdict = job.lastError().error();
        Instant now = context.clock().now();
        String logId = context.ids().nextString();
        Map<String, Object> details = new java.util.LinkedHashMap<>(verdict.details());
        details.put("jobId", job.job().id());
        Optional<Graph> graph = db.read(h -> RunStore.loadRun(h, runId))
                .flatMap(r -> published(r.workflowId(), r.version()));
        boolean failed = db.write(h -> {
            Optional<RunRow> run = RunStore.loadRun(h, runId);
            if (run.isEmpty() || run.get().status().isFinal()) {
                return false;
            }
            List<NodeState> stored = RunStore.states(h, runId);
            // the nodes that were running: marked so, or started without a row (the journal says which)
            Set<String> wasRunning = new HashSet<>();
            List<NodeState> candidates = new ArrayList<>(stored);
            if (graph.isPresent() && graph.get().definition.version() == run.get().version()) {
                RunExecution journal = new RunExecution(context, run.get(), graph.get(), stored, now, true, false,
                        run.get().status() == RunStatus.RUNNING);
                wasRunning.addAll(journal.interruptedAtLoad(now));
                for (String id : wasRunning) {
                    if (stored.stream().noneMatch(st -> st.nodeId.equals(id))) {
                        WorkflowNode n = graph.get().nodes.get(id);
                        NodeState st = new NodeState(id, n.actionType() != null ? n.actionType() : n.type().json());
                        st.rowId = context.ids().nextString();
                        st.attempt = 1;
                        candidates.add(st);
                    }
                }
            }
            List<NodeState> running = new ArrayList<>();
            for (NodeState st : candidates) {
                if (st.status == NodeRunStatus.RUNNING || wasRunning.contains(st.nodeId)) {
                    st.status = NodeRunStatus.FAILED;
                    st.error = new DevRigError(verdict.code(), ErrorCategory.PERMANENT, verdict.message(), details, false,
                            st.nodeId, runId, now);
                    st.output = null;
                    st.completedAt = now;
                    st.durationMs = st.startedAt == null ? null : Math.max(0, Duration.between(st.startedAt, now).toMillis());
                    running.add(st);
                }
            }
            RunStore.upsertNodes(h, runId, running);
            String at = running.isEmpty() ? null : running.get(0).nodeId;
            DevRigError error = new DevRigError(verdict.code(), ErrorCategory.PERMANENT, "run " + runId + " failed"
                    + (at == null ? "" : " at node " + String.join(", ", running.stream().map(n -> n.nodeId).toList()))
                    + ": " + verdict.message(), details, false, at, runId, now);
            RunStore.finishRun(h, context, runId, null, RunStatus.FAILED, Json.error(error), now);
            RunStore.log(h, logId, runId, at, run.get().correlationId(), "error", error.message(), Json.error(error), now);
            return true;
        });
        if (failed) {
            LOG.error("Run {} failed: its job {} is poison: {}", runId, job.job().id(), verdict.message());
        }
    }

    // ---- watching and cancelling ----

    @Override
    public Optional<RunSummary> run(String runId) {
        return db.read(h -> RunStore.summary(h, runId));
    }

    @Override
    public Optional<RunDetail> detail(String runId) {
        return db.read(h -> {
            Optional<RunSummary> summary = RunStore.summary(h, runId);
            if (summary.isEmpty()) {
                return Optional.<RunDetail>empty();
            }
            String input = RunStore.loadRun(h, runId).map(RunRow::input).orElse("{}");
            return Optional.of(new RunDetail(summary.get(), input, RunStore.nodes(h, runId),
                    RunStore.logs(h, runId, LOG_LINES_IN_DETAIL)));
        });
    }

    @Override
    public List<RunSummary> runs(RunQuery query) {
        return db.read(h -> RunStore.runs(h, query));
    }

    @Override
    public boolean cancel(String runId) {
        Instant now = context.clock().now();
        String logId = context.ids().nextString();
        boolean requested = db.write(h -> {
            if (!RunStore.requestCancel(h, runId)) {
                return false;
            }
            RunRow run = RunStore.loadRun(h, runId).orElseThrow();
            RunStore.log(h, logId, runId, null, run.correlationId(), "info", "cancel requested", null, now);
            if (run.status() == RunStatus.PENDING) {
                // not executing anywhere: end it now; its job will find it final
                RunStore.finishRun(h, context, runId, null, RunStatus.CANCELLED, Json.error(new DevRigError("RUN_CANCELLED",
                        ErrorCategory.CANCELLED, "the run was cancelled", Map.of(), false, null, runId, now)), now);
            }
            return true;
        });
        if (requested) {
            // a run started here and not taken up yet: its job must read the request
            forget(runId);
            RunExecution execution = active.get(runId);
            if (execution != null) {
                execution.stop(RunStatus.CANCELLED);
            } else {
                // running but between jobs (waiting for a retry): let its next job end it now
                queue.enqueue(JobRequest.of(JOB_TYPE, payload(runId)).withIdempotencyKey("cancel:" + runId));
            }
        }
        return requested;
    }

    @Override
    public Optional<RunSummary> await(String runId, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<RunSummary> run = run(runId);
            if (run.isEmpty() || run.get().status().isFinal() || System.nanoTime() >= end) {
                return run;
            }
            Thread.sleep(Math.max(1, Math.min(50, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    // ---- dry-run ----

    @Override
    public DryRunResult dryRun(String workflowId, boolean draft, String inputJson) {
        workflows.get(workflowId).orElseThrow(() -> notFound("no workflow '" + workflowId + "'"));
        Optional<WorkflowDefinition> published = draft ? Optional.empty() : workflows.latest(workflowId);
        WorkflowDefinition def = published.or(() -> workflows.draft(workflowId))
                .orElseThrow(() -> notFound("workflow '" + workflowId + "' has neither a published version nor a draft"));
        int version = published.isPresent() ? def.version() : 0;
        Map<String, Object> input = Json.inputObject(inputJson);
        String id = context.ids().nextString();
        ValidationReport report = definitions.validate(def, false); // action types and configs too
        DryRunResult result;
        if (!report.valid()) {
            result = new DryRunResult(id, workflowId, version, report, List.of(), List.of(), RunStatus.FAILED,
                    Json.write(Map.of("code", ErrorCodes.INVALID_INPUT, "message",
                            "the workflow does not validate; nothing ran")));
        } else {
            Graph graph = Graph.of(def, conditions);
            checkInputSchema(graph, input);
            Instant now = context.clock().now();
            RunRow row = new RunRow(id, workflowId, version, RunStatus.RUNNING, id, Json.write(input),
                    Times.iso(now), false, RunTrigger.manual(input));
            EngineContext inMemory = new EngineContext(null, context.actions(), context.clock(), context.ids(),
                    context.settings(), context.nodePool(), context.env());
            RunExecution execution = new RunExecution(inMemory, row, graph, List.of(), now, false, true, false);
            RunExecution.Result outcome;
            try {
                outcome = execution.execute();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                execution.stop(RunStatus.CANCELLED);
                outcome = new RunExecution.Finished(RunStatus.CANCELLED, null);
            }
            RunExecution.Finished end = outcome instanceof RunExecution.Finished f ? f
                    : new RunExecution.Finished(RunStatus.FAILED, null);
            result = new DryRunResult(id, workflowId, version, report, execution.nodeRuns(), execution.path(),
                    end.status(), end.error() == null ? null : Json.error(end.error()));
        }
        DryRunResult stored = result;
        Instant now = context.clock().now();
        db.write(h -> h.update("INSERT INTO dry_runs (id, workflow_id, workflow_version, input, result, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", id, workflowId, version, Json.write(input), Json.write(stored),
                Times.iso(now)));
        return result;
    }

    // ---- helpers ----

    /**
     * A published version, read (and migrated) once and compiled once: a version never
     * changes. Cached per process.
     */
    private Optional<Graph> published(String workflowId, int version) {
        String key = workflowId + ":" + version;
        Graph cached = graphs.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        return workflows.version(workflowId, version).map(def -> {
            Graph g = Graph.of(def, conditions);
            graphs.putIfAbsent(key, g);
            return g;
        });
    }

    private static String payload(String runId) {
        return Json.write(Map.of("runId", runId));
    }

    private static String runIdOrNull(Job job) {
        try {
            return runIdOf(job);
        } catch (DevRigException e) {
            return null;
        }
    }

    private static String runIdOf(Job job) {
        Object parsed = Json.read(job.payload());
        if (parsed instanceof Map<?, ?> m && m.get("runId") instanceof String id) {
            return id;
        }
        throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                "job " + job.id() + " has no runId in its payload");
    }

    private static DevRigException notFound(String message) {
        return new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, message);
    }

    /**
     * Writes the {@code running} rows of nodes that have run longer than
     * {@link RunExecution#MARK_AFTER_NANOS} without one, so that a long node is seen running
     * ({@code run-show}, the UI). Crash safety does not depend on it: a node's start is in
     * the journal already (see {@link RunExecution}). Called periodically (the component:
     * every {@value FlowEngineComponent#MARK_EVERY_MS} ms); the number of rows written.
     */
    int markRunning() {
        int written = 0;
        for (RunExecution execution : active.values()) {
            List<RunExecution.Mark> due = execution.unmarkedFor(RunExecution.MARK_AFTER_NANOS);
            if (due.isEmpty()) {
                continue;
            }
            try {
                db.write(h -> {
                    RunStore.markRunning(h, execution.runId(), due);
                    return null;
                });
                due.forEach(execution::marked);
                written += due.size();
            } catch (RuntimeException e) {
                LOG.debug("Could not mark the running nodes of run {}: {}", execution.runId(), e.getMessage());
            }
        }
        return written;
    }

    /** Runs executing in this JVM (for tests and shutdown). */
    int activeRuns() {
        return active.size();
    }

}
