package io.devrig.flow.engine.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionResult;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.flow.ErrorHandling;
import io.devrig.api.flow.ExecutionMode;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.NodeType;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunTrigger;
import io.devrig.api.flow.WorkflowEdge;
import io.devrig.api.flow.WorkflowNode;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Executes one run, or the part of it that is due now, on the calling (queue worker)
 * thread, which coordinates: it decides which nodes may run, starts them (inline in
 * sequential mode, on the engine's node threads in parallel mode), applies their results
 * and writes the state.
 *
 * <p><b>Durability.</b> Every node state change is written before anything depends on it,
 * and the writes are batched so that a step costs one transaction. A node's first attempt
 * starts without a row of its own: the transaction that makes it ready (its admission, or
 * the completion of its last source) is its start mark, because this executor starts every
 * node that transaction makes ready, at once (in sequential mode: the first one in order).
 * So a step of a chain is one row, the completion. Retries, and first attempts in
 * sequential mode while a node waits for a retry, are marked {@code running} in the
 * transaction before they start, and a node that runs longer than {@link #MARK_AFTER_NANOS}
 * gets its {@code running} row from {@link FlowEngine#markRunning} (so it can be seen).
 * After a crash the run is loaded back ({@code resumed}): completed nodes keep their
 * outputs; a node found {@code running}, and a node the journal says was started (see
 * {@link #startedWithoutRow}), was interrupted and counts as a failed attempt under its
 * retry policy (at-least-once: an action with side effects may see the same
 * {@link ActionContext#idempotencyKey()} again).
 *
 * <p><b>Semantics.</b> A node runs when every inbound edge is decided (its source is final)
 * and at least one was taken; when none was taken it is recorded {@code skipped}. An edge
 * is taken when its source completed (or failed under errorHandling {@code skip}), its
 * source handle is the branch a condition node chose, and its own condition holds. A
 * junction's output maps each taken inbound source to its output. A failure is retried
 * under the node's retry policy (else the workflow's); then errorHandling decides:
 * {@code stop} fails the run, {@code skip} goes on without the node's output, {@code retry}
 * gives the node a second round under the workflow's retry policy before stopping.
 */
final class RunExecution {

    /** How a call of {@link #execute} ended. */
    sealed interface Result permits Finished, Wait {
    }

    /**
     * The run ended. {@code endWrites}: the run's last writes (its last nodes, its final
     * state), not committed yet, for its job's completion to commit ({@link
     * #deferEndToJobCompletion}); null when they are written.
     */
    record Finished(RunStatus status, DevRigError error, SqlWork<Void> endWrites) implements Result {

        Finished(RunStatus status, DevRigError error) {
            this(status, error, null);
        }
    }

    /** Nothing can run before {@code until} (a retry delay): continue then. */
    record Wait(Instant until) implements Result {
    }

    /** One node's result, handed from the thread that ran it to the coordinator. */
    private record Done(String nodeId, int attempt, Object input, Object output, DevRigError error, String branch,
            boolean previewed, List<String> warnings, long durationMs) {
    }

    /** A write, collected and committed with the next batch. */
    @FunctionalInterface
    interface SqlOp {
        void apply(SqlHandle h) throws SQLException;
    }

    private record LogLine(String nodeId, String level, String message, String metadata, Instant at) {
    }

    private static final Done WAKE_UP = new Done(null, 0, null, null, null, null, false, List.of(), 0);

    /** A node running this long without a row is given its {@code running} row (to be seen, not for safety). */
    static final long MARK_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The {@code running} row of a node started without one, written if it runs long. */
    record Mark(String rowId, String nodeId, String actionType, int attempt, Instant startedAt, long sinceNanos) {
    }

    private final EngineContext engine;
    private final RunRow run;
    private final Graph graph;
    private final boolean durable;
    private final boolean dryRun;
    private final Instant deadline;
    private final Map<String, NodeState> states = new LinkedHashMap<>();
    /** What templates see under {@code nodes}: node id → {"output": ...}; read by node threads. */
    private final Map<String, Object> nodesData = new ConcurrentHashMap<>();
    private final Map<String, Object> data;
    private final ConditionContext conditionContext;
    private final List<SqlOp> writes = new ArrayList<>();
    /** Nodes whose state changed since the last flush; written as they are then, in one statement. */
    private final Set<NodeState> dirty = new java.util.LinkedHashSet<>();
    private final ConcurrentLinkedQueue<LogLine> logLines = new ConcurrentLinkedQueue<>();
    private final LinkedBlockingQueue<Done> done = new LinkedBlockingQueue<>();
    private final Set<String> running = new HashSet<>();
    /** Nodes started without a row of their own (their start is implied by the journal), until they return. */
    private final Map<String, Mark> unmarked = new ConcurrentHashMap<>();
    /** The run was executing before (a crash, a lost lease, a continuation): its journal is read for starts. */
    private final boolean resumed;
    private final Map<String, Thread> executing = new HashMap<>();
    /** When each running node really began (a node thread may take it up after it was marked running). */
    private final Map<String, Instant> began = new ConcurrentHashMap<>();
    private final Object executingLock = new Object();
    private final Map<String, Boolean> edgeTaken = new HashMap<>();
    /** Node ids in the order they finished (completed, previewed or failed). */
    private final List<String> path = new ArrayList<>();
    /** Set when the run must stop: CANCELLED or TIMED_OUT (by another thread for a cancel). */
    private volatile RunStatus stop;
    /** The failure that stops the run (errorHandling stop), once all running nodes returned. */
    private volatile DevRigError failure;
    /** Written with the run's final state unless its job is dead-lettered (see {@link #completeJobWith}). */
    private SqlOp completeJob;
    /** A completed run's last writes go to its job's completion (see {@link #deferEndToJobCompletion}). */
    private boolean deferEnd;

    /**
     * @param resumed whether the run was admitted by an earlier execution (it was
     *        {@code running} when loaded): nodes its journal says were started are then
     *        counted as interrupted attempts
     */
    RunExecution(EngineContext engine, RunRow run, Graph graph, List<NodeState> stored, Instant startedAt,
            boolean durable, boolean dryRun, boolean resumed) {
        this.engine = engine;
        this.resumed = resumed;
        this.run = run;
        this.graph = graph;
        this.durable = durable;
        this.dryRun = dryRun;
        this.deadline = startedAt.plusMillis(graph.definition.settings().timeoutMs());
        for (String id : graph.order) {
            WorkflowNode n = graph.nodes.get(id);
            states.put(id, new NodeState(id, n.actionType() != null ? n.actionType() : n.type().json()));
        }
        for (NodeState s : stored) {
            if (states.containsKey(s.nodeId)) {
                states.put(s.nodeId, s);
            }
        }
        // a fired trigger's object payload is the run's input, already read with the run
        Object input = run.trigger() != null && !run.trigger().manual() && run.trigger().payload() instanceof Map<?, ?>
                ? run.trigger().payload() : Json.read(run.input());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("trigger", triggerData(run.trigger(), input == null ? Map.of() : input));
        d.put("input", input == null ? Map.of() : input);
        d.put("nodes", Collections.unmodifiableMap(nodesData));
        d.put("run", Map.of("id", run.id(), "workflowId", run.workflowId(), "version", run.version(),
                "correlationId", run.correlationId() == null ? run.id() : run.correlationId()));
        this.data = Collections.unmodifiableMap(d);
        this.conditionContext = ConditionContext.builder().run(data).nodeOutputs(this::outputOf)
                .env(engine.env()).build();
    }

    /** Asks the run to stop (from any thread): running nodes are interrupted. */
    void stop(RunStatus why) {
        if (stop == null) {
            stop = why;
        }
        interruptExecuting();
        done.offer(WAKE_UP);
    }

    /** The nodes as they stand, in the order they ran (for dry-run results). */
    List<NodeRun> nodeRuns() {
        List<NodeRun> out = new ArrayList<>();
        List<NodeState> ordered = new ArrayList<>(states.values());
        ordered.removeIf(s -> s.status == null);
        ordered.sort((a, b) -> {
            Instant x = a.startedAt != null ? a.startedAt : a.completedAt;
            Instant y = b.startedAt != null ? b.startedAt : b.completedAt;
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1;
            }
            return x.compareTo(y);
        });
        for (NodeState s : ordered) {
            out.add(new NodeRun(s.rowId, run.id(), s.nodeId, s.actionType, s.status,
                    s.input == null ? null : Json.write(s.input), s.output == null ? null : Json.write(s.output),
                    s.error == null ? null : Json.error(s.error), Math.max(1, s.attempt), Times.iso(s.startedAt),
                    Times.iso(s.completedAt), s.durationMs));
        }
        return out;
    }

    List<String> path() {
        return List.copyOf(path);
    }

    /**
     * Runs what is due. Returns when the run ended (its final state is written) or when
     * nothing can run before a later time.
     */
    Result execute() throws InterruptedException {
        Instant now = engine.clock().now();
        for (String id : interruptedAtLoad(now)) {
            // it was running when its worker stopped (crash, lost lease): a failed attempt
            NodeState s = states.get(id);
            if (s.status == null) { // started without a row: its first attempt
                s.rowId = engine.ids().nextString();
                s.attempt = 1;
            }
            s.completedAt = now;
            fail(s, error("NODE_INTERRUPTED", ErrorCategory.TRANSIENT,
                    "node " + s.nodeId + " was running when its worker stopped (attempt " + s.attempt + ")"), now);
        }
        while (true) {
            now = engine.clock().now();
            if (stop == null && !now.isBefore(deadline)) {
                stop = RunStatus.TIMED_OUT;
                interruptExecuting();
            }
            if (stop != null) {
                return finishStopped();
            }
            if (failure == null) {
                decideSkips(now);
                startReady(now);
            }
            if (running.isEmpty()) {
                if (failure != null) {
                    return finish(RunStatus.FAILED, failure);
                }
                if (states.values().stream().allMatch(NodeState::isFinal)) {
                    return finish(RunStatus.COMPLETED, null);
                }
                Instant wake = nextWake();
                if (wake == null) {
                    return finish(RunStatus.FAILED, error("RUN_STUCK", ErrorCategory.PERMANENT,
                            "no node can run and the run is not complete"));
                }
                flush();
                Duration wait = Duration.between(engine.clock().now(), wake);
                if (wait.compareTo(engine.settings().inlineWait()) > 0 && durable) {
                    return new Wait(wake);
                }
                Done d = done.poll(Math.max(1, Math.min(wait.toMillis(), millisLeft())), TimeUnit.MILLISECONDS);
                if (d != null && d != WAKE_UP) {
                    apply(d);
                }
                continue;
            }
            if (!canDefer()) {
                flush();
            }
            startAfterFlush();
            // wake for the next result, or when a node waiting for its retry is due
            Instant retryDue = nextWake();
            long waitMs = Math.min(millisLeft(), 1000);
            if (retryDue != null) {
                waitMs = Math.min(waitMs, Duration.between(engine.clock().now(), retryDue).toMillis());
            }
            Done d = done.poll(Math.max(1, waitMs), TimeUnit.MILLISECONDS);
            if (d != null && d != WAKE_UP) {
                apply(d);
                // take every other result that is already there before the next batch
                Done more;
                while ((more = done.poll()) != null) {
                    if (more != WAKE_UP) {
                        apply(more);
                    }
                }
            }
        }
    }

    /**
     * Reads the stored states (outputs for templates, a failure that stops the run) and
     * returns the nodes that were running when the run's last execution stopped: those
     * found {@code running}, and those it started without a row ({@link #startedWithoutRow}).
     */
    List<String> interruptedAtLoad(Instant now) {
        List<String> interrupted = new ArrayList<>();
        boolean waitingOrRunning = false;
        for (NodeState s : states.values()) {
            if (s.status == NodeRunStatus.COMPLETED || s.status == NodeRunStatus.PREVIEWED) {
                nodesData.put(s.nodeId, outputEntry(s.output));
                if (graph.nodes.get(s.nodeId).type() == NodeType.CONDITION && s.output instanceof Map<?, ?> m) {
                    s.branch = Boolean.TRUE.equals(m.get("result")) ? "true" : "false";
                }
            } else if (s.status == NodeRunStatus.RUNNING) {
                interrupted.add(s.nodeId);
                waitingOrRunning = true;
            } else if (s.status == NodeRunStatus.PENDING) {
                waitingOrRunning = true;
            } else if (s.status == NodeRunStatus.FAILED && !(errorHandling() == ErrorHandling.SKIP)) {
                failure = s.error != null ? s.error : error(ActionErrors.ACTION_FAILED, ErrorCategory.PERMANENT,
                        "node " + s.nodeId + " failed");
            } else if (s.status == NodeRunStatus.FAILED) {
                nodesData.put(s.nodeId, outputEntry(null));
            }
        }
        if (resumed && failure == null) {
            interrupted.addAll(startedWithoutRow(waitingOrRunning, now));
        }
        return interrupted;
    }

    /**
     * The nodes the last execution started without a row, read from the journal: the
     * executor starts every node a committed transaction makes ready, at once, unless the
     * run stopped or failed (then that transaction ended it, or wrote the failure). So in
     * parallel mode every node that has no row and is ready was started; in sequential mode
     * the first one in order, unless a node was running or waiting for a retry (then the
     * next start was marked {@code running}: see {@link #startReady}). A crash between the
     * transaction and the start counts an attempt that did not begin, as a crash between a
     * {@code running} mark and the start does.
     */
    private List<String> startedWithoutRow(boolean waitingOrRunning, Instant now) {
        boolean sequential = graph.definition.settings().executionMode() == ExecutionMode.SEQUENTIAL;
        if (sequential && waitingOrRunning) {
            return List.of();
        }
        List<String> started = new ArrayList<>();
        for (String id : graph.order) {
            if (states.get(id).status == null && isReady(id, now)) {
                started.add(id);
                if (sequential) {
                    break;
                }
            }
        }
        return started;
    }

    /** Nodes started without a row that have run longer than {@code olderThanNanos} (any thread). */
    List<Mark> unmarkedFor(long olderThanNanos) {
        long now = System.nanoTime();
        List<Mark> due = new ArrayList<>();
        for (Mark m : unmarked.values()) {
            if (now - m.sinceNanos() >= olderThanNanos) {
                due.add(m);
            }
        }
        return due;
    }

    /** A mark was written: it is not written again. */
    void marked(Mark m) {
        unmarked.remove(m.nodeId(), m);
    }

    String runId() {
        return run.id();
    }

    // ---- deciding ----

    private void decideSkips(Instant now) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String id : graph.order) {
                NodeState s = states.get(id);
                if (s.status != null) {
                    continue;
                }
                List<WorkflowEdge> in = graph.inbound.get(id);
                if (in.isEmpty()) {
                    continue;
                }
                boolean decided = true;
                boolean anyTaken = false;
                for (WorkflowEdge e : in) {
                    if (!states.get(e.source()).isFinal()) {
                        decided = false;
                        break;
                    }
                    anyTaken |= taken(e);
                }
                if (decided && !anyTaken) {
                    s.status = NodeRunStatus.SKIPPED;
                    s.completedAt = now;
                    s.rowId = s.rowId == null ? engine.ids().nextString() : s.rowId;
                    dirty.add(s);
                    log(id, "info", "skipped: no inbound edge was taken", null);
                    changed = true;
                }
            }
        }
    }

    private boolean isReady(String id, Instant now) {
        NodeState s = states.get(id);
        if (s.status == NodeRunStatus.PENDING) {
            return s.nextAttemptAt == null || !s.nextAttemptAt.isAfter(now);
        }
        if (s.status != null) {
            return false;
        }
        for (WorkflowEdge e : graph.inbound.get(id)) {
            if (!states.get(e.source()).isFinal() || !anyTakenInto(id)) {
                return false;
            }
        }
        return true;
    }

    private boolean anyTakenInto(String id) {
        for (WorkflowEdge e : graph.inbound.get(id)) {
            if (taken(e)) {
                return true;
            }
        }
        return false;
    }

    private boolean taken(WorkflowEdge e) {
        Boolean known = edgeTaken.get(e.id());
        if (known != null) {
            return known;
        }
        NodeState src = states.get(e.source());
        boolean result;
        if (src.status == NodeRunStatus.SKIPPED) {
            result = false;
        } else if (src.status == NodeRunStatus.FAILED) {
            result = true; // only reached under errorHandling skip
        } else {
            WorkflowNode node = graph.nodes.get(e.source());
            String handle = e.sourceHandle() == null ? NodeType.DEFAULT_HANDLE : e.sourceHandle();
            result = node.type() != NodeType.CONDITION || handle.equals(src.branch);
            CompiledCondition condition = graph.edgeConditions.get(e.id());
            if (result && condition != null) {
                ConditionResult r = condition.explain(conditionContext);
                if (r.failed()) {
                    log(e.target(), "warn", "the condition of edge " + e.id() + " could not be evaluated ("
                            + r.error().code() + ": " + r.error().message() + "); the edge is not taken", null);
                    result = false;
                } else {
                    result = r.value();
                }
            }
        }
        edgeTaken.put(e.id(), result);
        return result;
    }

    private Instant nextWake() {
        Instant wake = null;
        for (NodeState s : states.values()) {
            if (s.status == NodeRunStatus.PENDING && s.nextAttemptAt != null
                    && (wake == null || s.nextAttemptAt.isBefore(wake))) {
                wake = s.nextAttemptAt;
            }
        }
        return wake;
    }

    // ---- starting ----

    /**
     * A node start held back until the batch that releases it is committed; {@code quick}:
     * worth no thread; {@code replayable}: harmless to run again (see {@link #replayable}).
     */
    private record Start(Runnable task, boolean quick, boolean replayable, boolean brief) {
    }

    /** Node starts held back until the batch that releases them is committed. */
    private final List<Start> afterFlush = new ArrayList<>();

    private void startReady(Instant now) {
        boolean sequential = graph.definition.settings().executionMode() == ExecutionMode.SEQUENTIAL;
        for (String id : graph.order) {
            if (sequential && !running.isEmpty()) {
                return;
            }
            if (running.contains(id) || !isReady(id, now)) {
                continue;
            }
            NodeState s = states.get(id);
            WorkflowNode node = graph.nodes.get(id);
            // a first attempt needs no running row when the journal implies its start (see
            // startedWithoutRow); in sequential mode only while no node waits for a retry
            boolean implied = s.rowId == null && (!sequential || noneWaiting());
            s.status = NodeRunStatus.RUNNING;
            s.attempt += 1;
            s.startedAt = now;
            s.completedAt = null;
            s.durationMs = null;
            s.nextAttemptAt = null;
            s.rowId = s.rowId == null ? engine.ids().nextString() : s.rowId;
            if (implied) {
                unmarked.put(id, new Mark(s.rowId, id, s.actionType, s.attempt, now, System.nanoTime()));
            } else {
                dirty.add(s);
            }
            running.add(id);
            int attempt = s.attempt;
            Object junctionInput = node.type() == NodeType.JUNCTION ? junctionOutput(id) : null;
            Instant nodeDeadline = nodeDeadline(node, now);
            // started after the batch that releases it is committed: see startAfterFlush()
            afterFlush.add(new Start(() -> done.offer(executeNode(node, attempt, junctionInput, nodeDeadline)),
                    tookUnder(node, NodeTimes.SHORT_NANOS), replayable(node), tookUnder(node, NodeTimes.BRIEF_NANOS)));
        }
    }

    private boolean noneWaiting() {
        for (NodeState s : states.values()) {
            if (s.status == NodeRunStatus.PENDING || s.status == NodeRunStatus.RUNNING) {
                return false;
            }
        }
        return true;
    }

    /**
     * Starts the nodes the last flush released (its commit is their start mark, or it
     * marked them running). When one node is all that runs
     * (sequential mode, or a linear stretch of a parallel run) it runs on this thread: it
     * has no sibling whose result could arrive meanwhile, and a chain never changes
     * threads. As soon as two or more run, every one that is not quick ({@link #tookUnder}) goes to the
     * node threads and this thread then waits on the completion queue, so each node's
     * result is applied when it arrives: a fast branch goes on while a slow sibling runs,
     * and a failure under errorHandling {@code stop} interrupts the siblings at once. The
     * quick ones run here, after the slow ones were handed out.
     */
    private void startAfterFlush() {
        List<Start> starts = new ArrayList<>(afterFlush);
        afterFlush.clear();
        boolean inline = engine.nodePool() == null || running.size() <= 1;
        List<Runnable> here = new ArrayList<>();
        for (Start start : starts) {
            if (inline || start.quick()) {
                here.add(start.task());
            } else {
                engine.nodePool().execute(start.task()); // the slow ones first: they start at once
            }
        }
        // quick nodes (see NodeTimes) one after the other on this thread; their results are
        // applied, and committed together, once all of them returned
        here.forEach(Runnable::run);
    }

    /**
     * Whether the batch may wait for the next commit instead of being committed before the
     * nodes it releases start: every state in it is the completion of a {@link #replayable} node,
     * nothing else waits to be written, and every node it releases is replayable, brief (its
     * type's calls took under {@link NodeTimes#BRIEF_NANOS} lately) and started without a
     * row of its own. A chain of quick side-effect-free nodes (transforms,
     * conditions) then costs one commit, made before the first node that is not one of them
     * starts, or with the run's end. After a crash the journal lacks those completions: the
     * first of those nodes reads as started and interrupted (one attempt, {@code
     * NODE_INTERRUPTED}, see {@link #startedWithoutRow}) and runs again with the others;
     * running a replayable node twice changes nothing more. So a completion is only deferred for a node
     * with an attempt to spare: a crash never fails a node that had succeeded.
     */
    private boolean canDefer() {
        if (afterFlush.isEmpty() || !writes.isEmpty() || !logLines.isEmpty() || !durable) {
            return false;
        }
        for (Start start : afterFlush) {
            if (!start.replayable() || !start.brief()) {
                return false;
            }
        }
        return completionsCanWait();
    }

    /**
     * Whether the completions not written yet may wait for a later commit: each is the
     * completion of a {@link #replayable} node with an attempt to spare, so that a crash before
     * that commit only runs those nodes again (see {@link #canDefer}) and never fails one
     * that had succeeded.
     */
    private boolean completionsCanWait() {
        for (NodeState s : dirty) {
            WorkflowNode node = graph.nodes.get(s.nodeId);
            if (s.status != NodeRunStatus.COMPLETED || !replayable(node) || s.attempt >= maxAttempts(node)) {
                return false;
            }
        }
        return true;
    }

    /** Replayable per action type for this run (the registry's descriptor, asked once). */
    private final Map<String, Boolean> replayableTypes = new HashMap<>();

    /**
     * Whether running a node again after a crash is harmless: a condition, a junction, or an
     * action whose descriptor says it has no side effects or that they are idempotent
     * ({@link io.devrig.api.action.ActionDescriptor#replayable()}: {@code notify.inbox}
     * upserts its item by the node's key). Such a node's start needs no commit of its own
     * before it runs, and its completion may wait for a later one. An action type the
     * registry does not know is not replayable.
     */
    boolean replayable(WorkflowNode node) {
        return switch (node.type()) {
            case CONDITION, JUNCTION -> true;
            case ACTION, AI -> node.actionType() != null && replayableTypes.computeIfAbsent(node.actionType(),
                    type -> engine.actions().descriptor(type).map(io.devrig.api.action.ActionDescriptor::replayable)
                            .orElse(false));
        };
    }

    /**
     * Whether a node takes less than {@code nanos}: a condition or junction (an evaluation in
     * memory), or an action whose type's calls took less than that lately ({@link NodeTimes}).
     * Under {@link NodeTimes#SHORT_NANOS} a node is <em>quick</em>: not worth a node thread, so
     * several quick nodes started by one commit run one after the other on the coordinating
     * thread, and a failure among them stops the run once they all returned (each takes well
     * under a millisecond), where slower parallel nodes are interrupted at once. Under
     * {@link NodeTimes#BRIEF_NANOS} it is <em>brief</em> (see {@link #canDefer}).
     */
    private boolean tookUnder(WorkflowNode node, long nanos) {
        return switch (node.type()) {
            case CONDITION, JUNCTION -> true;
            case ACTION, AI -> node.actionType() != null && engine.nodeTimes().tookUnder(node.actionType(), nanos);
        };
    }

    private Instant nodeDeadline(WorkflowNode node, Instant now) {
        long ms = node.timeoutMs() != null ? node.timeoutMs() : engine.settings().defaultNodeTimeout().toMillis();
        Instant own = now.plusMillis(Math.max(1, ms));
        return own.isBefore(deadline) ? own : deadline;
    }

    private Map<String, Object> junctionOutput(String id) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (WorkflowEdge e : graph.inbound.get(id)) {
            if (taken(e)) {
                out.put(e.source(), states.get(e.source()).output);
            }
        }
        return out;
    }

    // ---- executing (any thread) ----

    private Done executeNode(WorkflowNode node, int attempt, Object junctionInput, Instant nodeDeadline) {
        Thread me = Thread.currentThread();
        synchronized (executingLock) {
            if (stop != null) {
                return new Done(node.id(), attempt, null, null, cancelledError(node.id()), null, false, List.of(), 0);
            }
            executing.put(node.id(), me);
        }
        began.put(node.id(), engine.clock().now());
        long t0 = System.nanoTime();
        try {
            return switch (node.type()) {
                case CONDITION -> {
                    ConditionResult r = graph.nodeConditions.get(node.id()).explain(conditionContext);
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    yield r.failed()
                            ? new Done(node.id(), attempt, null, null, r.error(), null, false, List.of(), ms)
                            : new Done(node.id(), attempt, null, Map.of("result", r.value()), null,
                                    r.value() ? "true" : "false", false, List.of(), ms);
                }
                case JUNCTION -> new Done(node.id(), attempt, null, junctionInput, null, null, false, List.of(),
                        (System.nanoTime() - t0) / 1_000_000);
                case ACTION, AI -> executeAction(node, attempt, nodeDeadline, t0);
            };
        } catch (RuntimeException e) {
            return new Done(node.id(), attempt, null, null, error(ActionErrors.ACTION_FAILED, ErrorCategory.PLUGIN,
                    "node " + node.id() + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage()), null,
                    false, List.of(), (System.nanoTime() - t0) / 1_000_000);
        } finally {
            synchronized (executingLock) {
                executing.remove(node.id());
                if (stop != null) {
                    Thread.interrupted(); // ours, not for the coordinator's next write
                }
            }
        }
    }

    private Done executeAction(WorkflowNode node, int attempt, Instant nodeDeadline, long t0) {
        if (node.actionType() == null) {
            return new Done(node.id(), attempt, null, null, error(ActionErrors.ACTION_UNKNOWN, ErrorCategory.PERMANENT,
                    "node " + node.id() + " names no action type"), null, false, List.of(), 0);
        }
        Duration timeout = Duration.between(engine.clock().now(), nodeDeadline);
        if (timeout.isNegative() || timeout.isZero()) {
            timeout = Duration.ofMillis(1);
        }
        ActionOutcome o = engine.actions().execute(new ActionInvocation(node.actionType(), node.config(), data,
                new NodeContext(node.id(), attempt, nodeDeadline), timeout));
        if (!dryRun) {
            engine.nodeTimes().record(node.actionType(), System.nanoTime() - t0);
        }
        return new Done(node.id(), attempt, o.input(), o.output(), timeoutWins(node, nodeDeadline, o.error()), null,
                o.previewed(), o.warnings(), o.durationMs() > 0 ? o.durationMs() : (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * One code for a node that ran out of time. The node's deadline is watched by several
     * clocks at once (the registry's or the plugin invoker's call timer, and the action
     * itself through {@link ActionContext#deadline()}), and whichever noticed first used to
     * name the failure: {@code ACTION_TIMEOUT}, {@code TIMEOUT}, {@code PLUGIN_TIMEOUT}, or
     * {@code ACTION_CANCELLED} when the action saw {@code cancelled()} turn true. The engine
     * owns the node's time limit, so it decides: an attempt that failed with a timeout or
     * cancellation once the node's deadline had passed, while the run itself was neither
     * stopped nor failing, failed with {@code ACTION_TIMEOUT} (category timeout, so it is
     * retried like any timeout); the code that was seen first is kept as {@code cause}.
     */
    private DevRigError timeoutWins(WorkflowNode node, Instant nodeDeadline, DevRigError err) {
        if (err == null || ActionErrors.ACTION_TIMEOUT.equals(err.code()) || stop != null || failure != null
                || engine.clock().now().isBefore(nodeDeadline)
                || (err.category() != ErrorCategory.TIMEOUT && err.category() != ErrorCategory.CANCELLED)) {
            return err;
        }
        long limit = node.timeoutMs() != null ? node.timeoutMs() : engine.settings().defaultNodeTimeout().toMillis();
        String why = nodeDeadline.isBefore(deadline) ? "its timeout of " + limit + " ms" : "the time the run had left";
        Map<String, Object> details = new LinkedHashMap<>(err.details() == null ? Map.of() : err.details());
        details.put("cause", err.code());
        return new DevRigError(ActionErrors.ACTION_TIMEOUT, ErrorCategory.TIMEOUT, "node " + node.id()
                + " did not finish within " + why + " (" + err.code() + ": " + err.message() + ")", details, true,
                err.nodeId(), err.runId(), err.timestamp());
    }

    private void interruptExecuting() {
        synchronized (executingLock) {
            executing.values().forEach(Thread::interrupt);
        }
    }

    // ---- applying results (coordinator) ----

    private void apply(Done d) {
        running.remove(d.nodeId());
        unmarked.remove(d.nodeId());
        NodeState s = states.get(d.nodeId());
        Instant now = engine.clock().now();
        Instant start = began.remove(d.nodeId());
        if (start != null) {
            s.startedAt = start; // startReady set when it was handed to a thread
        }
        s.completedAt = now;
        s.durationMs = d.durationMs();
        s.input = d.input();
        for (String w : d.warnings()) {
            log(d.nodeId(), "warn", w, null);
        }
        if (d.error() == null) {
            s.status = d.previewed() ? NodeRunStatus.PREVIEWED : NodeRunStatus.COMPLETED;
            s.output = d.output();
            s.error = null;
            s.branch = d.branch();
            nodesData.put(s.nodeId, outputEntry(s.output));
            path.add(s.nodeId);
            dirty.add(s);
        } else {
            fail(s, d.error(), now);
        }
    }

    private void fail(NodeState s, DevRigError cause, Instant now) {
        DevRigError err = new DevRigError(cause.code(), cause.category(), cause.message(), cause.details(),
                cause.retryable(), s.nodeId, run.id(), cause.timestamp());
        s.error = err;
        s.output = null;
        WorkflowNode node = graph.nodes.get(s.nodeId);
        int max = dryRun ? 1 : maxAttempts(node);
        if (stop == null && failure == null && retries(node, s.attempt, err) && s.attempt < max) {
            long delay = retryDelay(node, s.attempt);
            s.status = NodeRunStatus.PENDING;
            s.nextAttemptAt = now.plusMillis(delay);
            log(s.nodeId, "warn", "attempt " + s.attempt + " of " + max + " failed (" + err.code() + ": "
                    + err.message() + "); retrying in " + delay + " ms", Json.error(err));
        } else {
            s.status = NodeRunStatus.FAILED;
            path.add(s.nodeId);
            log(s.nodeId, "error", "failed after " + s.attempt + " attempt" + (s.attempt == 1 ? "" : "s") + " ("
                    + err.code() + ": " + err.message() + ")", Json.error(err));
            if (stop == null && errorHandling() == ErrorHandling.SKIP) {
                nodesData.put(s.nodeId, outputEntry(null));
                log(s.nodeId, "info", "errorHandling skip: the run goes on without this node's output", null);
            } else if (failure == null && stop == null) {
                failure = err;
                interruptExecuting(); // errorHandling stop: parallel nodes still running stop too
            }
        }
        dirty.add(s);
    }

    /** Whether the policy in force after attempt {@code attempt} retries this error (its category, its retryable flag). */
    private boolean retries(WorkflowNode node, int attempt, DevRigError err) {
        RetryPolicy own = node.retryPolicy() != null ? node.retryPolicy() : graph.definition.settings().retryPolicy();
        return (attempt >= own.maxAttempts() ? graph.definition.settings().retryPolicy() : own).retries(err);
    }

    /**
     * The run's {@code trigger} as templates and conditions read it: {@code type},
     * {@code payload} (a start by hand: its input) and, for a fired trigger, its ids.
     */
    static Map<String, Object> triggerData(RunTrigger trigger, Object input) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("type", trigger.type());
        t.put("payload", trigger.manual() ? input : trigger.payload());
        if (!trigger.manual()) {
            t.put("triggerId", trigger.triggerId());
            t.put("eventId", trigger.eventId());
        }
        return Collections.unmodifiableMap(t);
    }

    private int maxAttempts(WorkflowNode node) {
        RetryPolicy own = node.retryPolicy() != null ? node.retryPolicy() : graph.definition.settings().retryPolicy();
        int max = own.maxAttempts();
        if (errorHandling() == ErrorHandling.RETRY) {
            max += graph.definition.settings().retryPolicy().maxAttempts();
        }
        return max;
    }

    /** The delay after failed attempt {@code attempt} (from 1): the first round under the node's policy, then the workflow's. */
    private long retryDelay(WorkflowNode node, int attempt) {
        RetryPolicy own = node.retryPolicy() != null ? node.retryPolicy() : graph.definition.settings().retryPolicy();
        if (attempt >= own.maxAttempts()) {
            return delay(graph.definition.settings().retryPolicy(), attempt - own.maxAttempts() + 1);
        }
        return delay(own, attempt);
    }

    static long delay(RetryPolicy p, int attempt) {
        return p.delayForAttempt(attempt, ThreadLocalRandom.current()::nextDouble);
    }

    private ErrorHandling errorHandling() {
        return graph.definition.settings().errorHandling();
    }

    // ---- ending ----

    private Result finishStopped() throws InterruptedException {
        long graceEnd = System.nanoTime() + engine.settings().stopGrace().toNanos();
        while (!running.isEmpty()) {
            long left = graceEnd - System.nanoTime();
            if (left <= 0) {
                break;
            }
            interruptExecuting();
            Done d = done.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            if (d != null && d != WAKE_UP) {
                apply(d);
            }
        }
        Instant now = engine.clock().now();
        for (String id : running) { // did not return within the grace period
            NodeState s = states.get(id);
            s.status = NodeRunStatus.FAILED;
            s.completedAt = now;
            s.error = cancelledError(id);
            dirty.add(s);
            unmarked.remove(id);
        }
        DevRigError why = stop == RunStatus.TIMED_OUT
                ? error("RUN_TIMEOUT", ErrorCategory.TIMEOUT, "the run did not finish within its timeout of "
                        + graph.definition.settings().timeoutMs() + " ms")
                : error("RUN_CANCELLED", ErrorCategory.CANCELLED, "the run was cancelled");
        return finish(stop, why);
    }

    /**
     * Completes the run's queue job in the transaction that writes the run's final state
     * (one commit fewer a run), unless the run failed with an error: its job is then
     * dead-lettered by the handler's exception.
     */
    void completeJobWith(SqlOp op) {
        this.completeJob = op;
    }

    /**
     * A run that completes leaves its last writes (its last nodes, its final state) to the
     * transaction that completes its queue job ({@link Finished#endWrites}): the pool's group
     * commit, shared with other jobs' completions and the next claim, instead of a commit of
     * its own; only when those writes are completions that may wait ({@link
     * #completionsCanWait}: a crash before that commit runs those nodes again and fails none
     * that had succeeded). Until then nothing outside the run has seen its end; after a crash
     * the job is still claimed and the run resumes from its journal. A failed, cancelled or
     * timed-out run, or one whose last node may not run twice, writes its end itself.
     */
    void deferEndToJobCompletion() {
        this.deferEnd = true;
    }

    /** Whether a run that ended so has its job dead-lettered (see {@link FlowEngine#handle}). */
    static boolean deadLettered(RunStatus status, DevRigError error) {
        return status == RunStatus.FAILED && error != null;
    }

    private Result finish(RunStatus status, DevRigError error) {
        Instant now = engine.clock().now();
        String errorJson = error == null ? null : Json.error(error);
        if (status != RunStatus.COMPLETED || error != null) {
            // a completed run says so in its row (status, completed_at): a line would only repeat it,
            // at the price of a row in the log's four indexes per run
            log(null, "error", "run " + status.json() + (error == null ? "" : ": " + error.code() + ": "
                    + error.message()), null);
        }
        write(h -> RunStore.finishRun(h, engine, run.id(), run.workflowId(), status, errorJson, now));
        if (completeJob != null && !deadLettered(status, error)) {
            write(completeJob);
        }
        if (deferEnd && completeJob == null && status == RunStatus.COMPLETED && error == null && completionsCanWait()) {
            return new Finished(status, null, batch());
        }
        flush();
        return new Finished(status, error);
    }

    // ---- writing ----

    private void write(SqlOp op) {
        writes.add(op);
    }

    private void log(String nodeId, String level, String message, String metadata) {
        logLines.add(new LogLine(nodeId, level, message, metadata, engine.clock().now()));
    }

    /** Commits every collected write in one transaction (a dry-run writes nothing here). */
    private void flush() {
        SqlWork<Void> batch = batch();
        if (batch != null) {
            engine.database().write(batch);
        }
    }

    /**
     * Every collected write as one unit of work, taken out of the collections; null when there
     * is nothing to write or the run is not durable. The nodes' JSON is written here, before any
     * transaction.
     */
    private SqlWork<Void> batch() {
        LogLine line;
        while ((line = logLines.poll()) != null) {
            LogLine l = line;
            String id = engine.ids().nextString();
            writes.add(h -> RunStore.log(h, id, run.id(), l.nodeId(), run.correlationId(), l.level(), l.message(),
                    l.metadata(), l.at()));
        }
        if (writes.isEmpty() && dirty.isEmpty()) {
            return null;
        }
        List<SqlOp> batch = new ArrayList<>(writes);
        List<NodeState> nodes = new ArrayList<>(dirty);
        writes.clear();
        dirty.clear();
        if (!durable) {
            return null;
        }
        Object[] rows = RunStore.nodeRows(run.id(), nodes); // their JSON, before the writer is taken
        return h -> {
            RunStore.upsertNodes(h, rows); // first: a finishing run's last node is in this batch
            for (SqlOp op : batch) {
                op.apply(h);
            }
            return null;
        };
    }

    // ---- helpers ----

    private Object outputOf(String nodeId) {
        Object entry = nodesData.get(nodeId);
        return entry instanceof Map<?, ?> m ? m.get("output") : null;
    }

    private static Map<String, Object> outputEntry(Object output) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", output);
        return Collections.unmodifiableMap(m);
    }

    private long millisLeft() {
        return Math.max(1, Duration.between(engine.clock().now(), deadline).toMillis());
    }

    private DevRigError cancelledError(String nodeId) {
        return stop == RunStatus.TIMED_OUT
                ? error(ActionErrors.ACTION_TIMEOUT, ErrorCategory.TIMEOUT, "node " + nodeId
                        + " was stopped: the run timed out")
                : error(ActionErrors.ACTION_CANCELLED, ErrorCategory.CANCELLED, "node " + nodeId
                        + " was stopped: the run was cancelled");
    }

    private DevRigError error(String code, ErrorCategory category, String message) {
        return new DevRigError(code, category, message, Map.of(), category.retryableByDefault(), null, run.id(),
                engine.clock().now());
    }

    /** What an action sees of its call. */
    private final class NodeContext implements ActionContext {
        private final String nodeId;
        private final int attempt;
        private final Instant nodeDeadline;

        NodeContext(String nodeId, int attempt, Instant nodeDeadline) {
            this.nodeId = nodeId;
            this.attempt = attempt;
            this.nodeDeadline = nodeDeadline;
        }

        @Override public String runId() { return run.id(); }
        @Override public String workflowId() { return run.workflowId(); }
        @Override public String nodeId() { return nodeId; }
        @Override public String correlationId() { return run.correlationId(); }
        @Override public int attempt() { return attempt; }
        @Override public String idempotencyKey() { return run.id() + ":" + nodeId; }
        @Override public boolean dryRun() { return dryRun; }
        @Override public Instant deadline() { return nodeDeadline; }

        @Override
        public boolean cancelled() {
            return stop != null || failure != null || !engine.clock().now().isBefore(nodeDeadline);
        }

        @Override
        public void log(LogLevel level, String message) {
            RunExecution.this.log(nodeId, level.name().toLowerCase(java.util.Locale.ROOT), message, null);
        }
    }
}
