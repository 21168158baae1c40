package io.devrig.trigger.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.PreparedRun;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunTrigger;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowParticipant;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.flow.WorkflowState;
import io.devrig.api.flow.WorkflowSummary;
import io.devrig.api.flow.WorkflowTrigger;
import io.devrig.api.flow.Workflows;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.store.Database;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.time.DevRigClock;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerEvent;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerManager;
import io.devrig.api.trigger.TriggerState;
import io.devrig.api.trigger.TriggerStatus;
import io.devrig.api.trigger.TriggerType;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger manager (seed §6.1). It owns {@code triggers} and {@code trigger_events}.
 *
 * <ul>
 * <li>Rows: a workflow's latest published version has one trigger; its row is written in
 * the publish transaction ({@link #published}) and checked against the workflows when the
 * manager starts ({@link #syncTable}), so a publish while the manager was away is caught up.</li>
 * <li>Handlers: one per row whose trigger is not paused, whose workflow is enabled and whose
 * type's service is there, created by the type ({@link TriggerType#createHandler}) and given
 * back ({@link TriggerType#disposeHandler}) when the version is replaced, the trigger paused,
 * the workflow disabled or deleted, or the type's service goes. All of that happens on one
 * thread, so a handler is never created and disposed at the same time.</li>
 * <li>Fires: queued and committed in groups by one thread: per fire, in one transaction with
 * the others of its group, the {@code trigger_events} row, the deduplication check and the
 * run with its queue job. A fire's caller learns its outcome after the commit.</li>
 * <li>Intake first: while the intake is busy (a group of {@link #DEFER_AT} fires or more, or
 * the committer writing fires {@link #BUSY_DUTY} of its time), and while earlier accepted
 * fires wait, a group is committed as events alone, {@code accepted} with the id their run will have.
 * The same thread starts their runs, oldest first and {@link #MAX_BATCH} per transaction, when
 * no fire came for {@link #QUIET_MILLIS}, and {@link #FOLLOW_STARTS} after each group
 * while the intake is not busy; while it stays busy, the oldest
 * {@link #BUSY_STARTS} start every {@link #MAX_WAIT_MILLIS}, so none waits for the end of
 * the burst. What a stop leaves is started after the next start. Under a burst the events
 * are committed at the pace of the intake, and the runs follow. A fire that comes while
 * accepted ones wait is not prepared on its caller's thread: it will be accepted, and its run
 * is prepared once, from the stored event, when it starts.</li>
 * </ul>
 */
public final class TriggerManagerImpl implements TriggerManager, WorkflowParticipant, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TriggerManagerImpl.class);
    /** At most this many fires (or starts of accepted ones) in one transaction. */
    static final int MAX_BATCH = 500;
    /** A group of this many fires is accepted without starting its runs: the intake is busy. */
    static final int DEFER_AT = 16;
    /** How long no fire must come before accepted fires' runs start. */
    static final long QUIET_MILLIS = 50;
    /** While fires keep coming, {@link #BUSY_STARTS} accepted ones start this often. */
    static final long MAX_WAIT_MILLIS = 1000;
    /** Accepted fires started at a time while fires keep coming: few, or their runs would take the intake's CPU. */
    static final int BUSY_STARTS = 100;
    /** Accepted fires started after each group while the intake is not busy: it has room. */
    static final int FOLLOW_STARTS = 64;
    /** The intake is busy when the committer spends this share of its time writing fires. */
    static final double BUSY_DUTY = 0.5;
    /** The longest deduplication window a trigger may set: 30 days. */
    static final long MAX_WINDOW_SECONDS = 30L * 24 * 3600;
    /** How long a publish, pause or resume waits for the handlers to follow. */
    private static final long FOLLOW_SECONDS = 10;
    private static final int MAX_ERROR_LENGTH = 500;

    private final Database db;
    private final Workflows workflows;
    private final WorkflowRuns runs;
    private final DevRigClock clock;
    private final UlidGenerator ids;
    /** The types' services by type name (the first one of a name wins). */
    private final Map<String, TriggerType> types = new ConcurrentHashMap<>();
    /** Running handlers by trigger id. */
    private final Map<String, LiveTrigger> live = new ConcurrentHashMap<>();
    /** Triggers whose handler could not be created, and why (state ERROR until the next try). */
    private final Map<String, Failed> createErrors = new ConcurrentHashMap<>();

    /**
     * A handler that could not be created for this version, configuration and type service:
     * tried again only when one of them changes (or after a pause), not on every reconcile.
     */
    private record Failed(String message, int version, Map<String, Object> config, TriggerType type) {
        boolean same(TriggerStore.Row row, TriggerType current) {
            return row.workflowVersion() == version && row.config().equals(config) && current == type;
        }
    }
    /** The last error logged per trigger, so a failing poll is logged once per change, not every time. */
    private final Map<String, String> loggedErrors = new ConcurrentHashMap<>();
    private final ExecutorService lifecycle;
    private final LinkedBlockingQueue<Fire> fires = new LinkedBlockingQueue<>();
    private final Thread committer;
    private volatile boolean open = true;
    /** The group size from which fires are only accepted ({@link #DEFER_AT}; tests lower it). */
    private final int deferAt;
    /**
     * Whether accepted fires may wait for their start. Written by the committer; read by the
     * callers too, who then leave a fire's run unprepared: it will be accepted and prepared
     * once, when it starts.
     */
    private volatile boolean backlog;
    /** When the committer last started accepted fires (or began to hold some back). */
    private long lastStartsNanos;
    /** The share of its time the committer spent writing fires, smoothed over the last groups. */
    private double duty;
    /** When starting accepted fires last failed (a second passes before the next try). */
    private long startsFailedNanos = System.nanoTime() - TimeUnit.HOURS.toNanos(1);

    /**
     * A fire waiting for its group commit: its payload as stored, its event id, and its run
     * prepared on the caller's thread ({@link WorkflowRuns#prepareTriggered}: version, entry
     * conditions, JSON), or why the engine refused it; the committer holds the writer only for
     * the writes. Or, while earlier fires wait for their start, not prepared (neither run nor
     * refusal): then it is only accepted. {@code runId} is the id its run will have (null when
     * refused, or from an engine that does not tell it ahead).
     */
    private record Fire(LiveTrigger trigger, String key, String payloadJson, String eventId, PreparedRun run,
            DevRigException refused, String runId, CompletableFuture<FireResult> result) {

        /** Not prepared by its caller: its run is prepared when it starts. */
        boolean deferred() {
            return run == null && refused == null;
        }
    }

    public TriggerManagerImpl(Database db, Workflows workflows, WorkflowRuns runs, DevRigClock clock) {
        this(db, workflows, runs, clock, DEFER_AT);
    }

    TriggerManagerImpl(Database db, Workflows workflows, WorkflowRuns runs, DevRigClock clock, int deferAt) {
        this.deferAt = deferAt;
        this.db = Objects.requireNonNull(db, "db");
        this.workflows = Objects.requireNonNull(workflows, "workflows");
        this.runs = Objects.requireNonNull(runs, "runs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new UlidGenerator(clock, new SecureRandom());
        this.lifecycle = Executors.newSingleThreadExecutor(r -> daemon(r, "devrig-trigger-manager"));
        this.committer = daemon(this::commitLoop, "devrig-trigger-fires");
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Catches the table up with the published workflows and starts every handler that can run. */
    public void start() {
        // fires accepted before a stop or a crash: their runs start first
        backlog = db.read(TriggerStore::anyAccepted);
        committer.start();
        onLifecycle(() -> {
            syncTable();
            reconcile(null);
        }, "start");
    }

    // ---------------------------------------------------------------- types (whiteboard)

    /** A service of a type: the one with the highest ranking serves the type, then the oldest. */
    private record Candidate(TriggerType type, int ranking, long serviceId) {
    }

    /** Every service bound per type name, best first. */
    private final Map<String, List<Candidate>> candidates = new HashMap<>();
    private final java.util.concurrent.atomic.AtomicLong arrivals = new java.util.concurrent.atomic.AtomicLong();

    /** A type's service arrived (tests): ranking 0, in order of arrival. */
    public void addType(TriggerType type, String name) {
        addType(type, name, 0, arrivals.incrementAndGet());
    }

    /**
     * A type's service arrived: triggers waiting for it start. With several services of one
     * type name, the highest {@code service.ranking} serves it (then the lowest service id);
     * when a better one arrives, the handlers move to it.
     */
    public void addType(TriggerType type, String name, int ranking, long serviceId) {
        if (name == null || name.isBlank()) {
            LOG.warn("A trigger type service without a {} property is ignored: {}", TriggerType.TYPE_PROPERTY, type);
            return;
        }
        synchronized (candidates) {
            List<Candidate> list = candidates.computeIfAbsent(name, n -> new ArrayList<>());
            list.add(new Candidate(type, ranking, serviceId));
            list.sort(java.util.Comparator.comparingInt(Candidate::ranking).reversed()
                    .thenComparingLong(Candidate::serviceId));
            if (list.size() > 1) {
                LOG.warn("{} services of trigger type '{}' are registered; the one with the highest service.ranking "
                        + "(then the oldest) serves it", list.size(), name);
            }
            types.put(name, list.get(0).type());
        }
        try {
            lifecycle.execute(() -> reconcile(null));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    /**
     * A type's service goes: its handlers are given back before this returns (the bundle is
     * stopping), and move to the next service of the same type name if there is one.
     */
    public void removeType(TriggerType type, String name) {
        if (name == null) {
            return;
        }
        synchronized (candidates) {
            List<Candidate> list = candidates.get(name);
            if (list == null || !list.removeIf(c -> c.type() == type)) {
                return;
            }
            if (list.isEmpty()) {
                candidates.remove(name);
                types.remove(name);
            } else {
                types.put(name, list.get(0).type());
            }
        }
        onLifecycle(() -> {
            for (LiveTrigger t : List.copyOf(live.values())) {
                if (t.typeService == type) {
                    dispose(t, "its type's service went away");
                }
            }
            reconcile(null); // another service of the name takes them
        }, "removal of trigger type " + name);
    }

    // ---------------------------------------------------------------- workflows (participant)

    @Override
    public List<String> validate(WorkflowDefinition definition) {
        WorkflowTrigger trigger = definition.trigger();
        if (trigger == null || WorkflowTrigger.MANUAL.equals(trigger.type())) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        Object window = trigger.config().get(TriggerType.DEDUPLICATION_WINDOW_FIELD);
        if (window != null && windowSeconds(window) < 0) {
            problems.add("$.trigger." + TriggerType.DEDUPLICATION_WINDOW_FIELD + ": must be a whole number of seconds "
                    + "from 0 (no deduplication) to " + MAX_WINDOW_SECONDS);
        }
        TriggerType type = types.get(trigger.type());
        if (type != null) {
            try {
                problems.addAll(type.validate(typeConfig(trigger.config())));
            } catch (RuntimeException e) {
                problems.add("$.trigger: the " + trigger.type() + " trigger type could not check this configuration: "
                        + e.getMessage());
            }
        }
        return problems;
    }

    @Override
    public void published(SqlHandle h, WorkflowDefinition definition) {
        try {
            String now = clock.timestamp();
            write(h, definition, TriggerStore.byWorkflow(h, definition.id()), now);
        } catch (java.sql.SQLException e) {
            throw new DevRigException(ErrorCodes.DB_ERROR, ErrorCategory.TRANSIENT,
                    "the trigger of workflow '" + definition.id() + "' could not be written: " + e.getMessage(), e);
        }
        h.afterCommit(() -> onLifecycle(() -> reconcile(definition.id()), "publish"));
    }

    @Override
    public void enabledChanged(SqlHandle h, String workflowId, boolean enabled) {
        h.afterCommit(() -> onLifecycle(() -> reconcile(workflowId), "enable"));
    }

    @Override
    public void deleted(SqlHandle h, String workflowId) {
        // the row goes with the workflow (ON DELETE CASCADE); the handler follows after the commit
        h.afterCommit(() -> onLifecycle(() -> reconcile(workflowId), "delete"));
    }

    /** Makes the row say what the published definition's trigger says. */
    private void write(SqlHandle h, WorkflowDefinition def, Optional<TriggerStore.Row> row, String now)
            throws java.sql.SQLException {
        WorkflowTrigger trigger = def.trigger();
        if (trigger == null || WorkflowTrigger.MANUAL.equals(trigger.type())) {
            if (row.isPresent()) {
                TriggerStore.deleteForWorkflow(h, def.id()); // started by hand only now
            }
            return;
        }
        if (row.isEmpty()) {
            TriggerStore.insert(h, ids.nextString(), def.id(), def.version(), trigger.type(), trigger.config(), now);
        } else if (row.get().workflowVersion() != def.version() || !row.get().type().equals(trigger.type())
                || !row.get().config().equals(trigger.config())) {
            TriggerStore.update(h, row.get(), def.version(), trigger.type(), trigger.config(), now);
        }
    }

    /** At start: every published workflow's trigger has its row, and no row is left of one that has none. */
    private void syncTable() {
        List<WorkflowDefinition> published = new ArrayList<>();
        for (WorkflowSummary s : workflows.list()) {
            if (s.latestVersion() >= 1) {
                workflows.latest(s.id()).ifPresent(published::add);
            }
        }
        db.write(h -> {
            String now = clock.timestamp();
            Map<String, TriggerStore.Row> rows = new HashMap<>();
            for (TriggerStore.Row r : TriggerStore.all(h)) {
                rows.put(r.workflowId(), r);
            }
            for (WorkflowDefinition def : published) {
                write(h, def, Optional.ofNullable(rows.get(def.id())), now);
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- handlers (lifecycle thread)

    /** Brings the handlers of one workflow (null: of all) in line with the rows, types and workflow states. */
    private void reconcile(String workflowId) {
        if (!open) {
            return;
        }
        List<TriggerStore.Row> rows = db.read(h -> workflowId == null ? TriggerStore.all(h)
                : TriggerStore.byWorkflow(h, workflowId).map(List::of).orElse(List.of()));
        Set<String> enabled = new HashSet<>();
        if (workflowId == null) {
            workflows.list().stream().filter(WorkflowSummary::enabled).forEach(s -> enabled.add(s.id()));
        } else {
            workflows.state(workflowId).filter(s -> s.enabled()).ifPresent(s -> enabled.add(workflowId));
        }
        Set<String> seen = new HashSet<>();
        for (TriggerStore.Row row : rows) {
            seen.add(row.id());
            TriggerType type = types.get(row.type());
            boolean wanted = !row.paused() && type != null && enabled.contains(row.workflowId());
            LiveTrigger current = live.get(row.id());
            if (current != null && (!wanted || !current.matches(row, type))) {
                dispose(current, !wanted ? "it may not run now" : "its version or type changed");
                current = null;
            }
            if (wanted && current == null) {
                Failed failed = createErrors.get(row.id());
                if (failed == null || !failed.same(row, type)) {
                    create(row, type);
                }
            } else if (!wanted) {
                createErrors.remove(row.id());
            }
        }
        for (LiveTrigger t : List.copyOf(live.values())) {
            if ((workflowId == null || t.workflowId.equals(workflowId)) && !seen.contains(t.id)) {
                dispose(t, "its workflow has no such trigger any more");
            }
        }
    }

    private void create(TriggerStore.Row row, TriggerType type) {
        LiveTrigger t = new LiveTrigger(this, row, type, window(row.config(), type));
        TriggerHandler handler = null;
        try {
            handler = type.createHandler(t);
            if (handler == null) {
                throw new IllegalStateException("the type returned no handler");
            }
            t.handler = handler;
            live.put(row.id(), t);
            handler.start();
            createErrors.remove(row.id());
            LOG.info("Trigger {} ({}) of workflow {} v{} started", row.id(), row.type(), row.workflowId(),
                    row.workflowVersion());
        } catch (RuntimeException | LinkageError e) {
            live.remove(row.id(), t);
            t.disposed = true;
            if (handler != null) {
                try {
                    type.disposeHandler(handler);
                } catch (RuntimeException ignored) {
                    // already failing; the first error is the one reported
                }
            }
            String message = oneLine("its handler could not be started: " + e.getMessage());
            createErrors.put(row.id(), new Failed(message, row.workflowVersion(), row.config(), type));
            reportError(t, message);
        }
    }

    private void dispose(LiveTrigger t, String why) {
        t.disposed = true; // fires from here on are refused
        live.remove(t.id, t);
        try {
            t.typeService.disposeHandler(t.handler);
            LOG.info("Trigger {} ({}) of workflow {} v{} stopped: {}", t.id, t.type, t.workflowId, t.workflowVersion,
                    why);
        } catch (RuntimeException e) {
            LOG.warn("Trigger {} ({}): its handler failed to stop: {}", t.id, t.type, e.toString());
        }
    }

    /** Runs handler work on the lifecycle thread and waits (up to {@link #FOLLOW_SECONDS}) until it is done. */
    private void onLifecycle(Runnable work, String what) {
        Future<?> done;
        try {
            done = lifecycle.submit(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // closed
        }
        follow(done, what);
    }

    private void follow(Future<?> work, String what) {
        try {
            work.get(FOLLOW_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("Triggers could not follow the {}", what, e.getCause());
        } catch (TimeoutException e) {
            LOG.warn("Triggers are still following the {} after {} s (a trigger type is slow to start or stop)", what,
                    FOLLOW_SECONDS);
        }
    }

    /**
     * A trigger's fields a type sees: all but those the manager and the flow engine read
     * ({@value TriggerType#DEDUPLICATION_WINDOW_FIELD}, {@code inputSchema}), so a type that
     * refuses unknown fields need not know them.
     */
    static Map<String, Object> typeConfig(Map<String, Object> config) {
        if (!config.containsKey(TriggerType.DEDUPLICATION_WINDOW_FIELD) && !config.containsKey("inputSchema")) {
            return config;
        }
        Map<String, Object> own = new LinkedHashMap<>(config);
        own.remove(TriggerType.DEDUPLICATION_WINDOW_FIELD);
        own.remove("inputSchema");
        return java.util.Collections.unmodifiableMap(own);
    }

    /** The window of a trigger: its configuration's, else its type's default. */
    private static Duration window(Map<String, Object> config, TriggerType type) {
        Object v = config.get(TriggerType.DEDUPLICATION_WINDOW_FIELD);
        long seconds = v == null ? -1 : windowSeconds(v);
        return seconds >= 0 ? Duration.ofSeconds(seconds) : type.defaultDeduplicationWindow();
    }

    /** A configured window in seconds, or -1 when it is not a whole number from 0 to the maximum. */
    static long windowSeconds(Object v) {
        Long n = io.devrig.common.json.JsonValues.wholeNumber(v);
        return n != null && n >= 0 && n <= MAX_WINDOW_SECONDS ? n : -1;
    }

    // ---------------------------------------------------------------- fires (group commit)

    CompletionStage<FireResult> submit(LiveTrigger trigger, String key, Object payload) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("a fire needs a deduplication key");
        }
        CompletableFuture<FireResult> result = new CompletableFuture<>();
        if (!open) {
            result.completeExceptionally(closed());
            return result;
        }
        String eventId = ids.nextString();
        if (backlog && startable(trigger.workflowId)) {
            // it will be accepted behind the fires already waiting: its run is prepared once,
            // when it starts (startAccepted), not here and again there
            fires.add(new Fire(trigger, key, payloadJson(trigger, payload), eventId, null, null, ids.nextString(),
                    result));
            return result;
        }
        PreparedRun run = null;
        DevRigException refused = null;
        try {
            // the engine checks the payload is JSON, copies it and writes its text once, for the
            // run's row and this event's (a copy the caller can no longer change)
            run = runs.prepareTriggered(trigger.workflowId, new RunTrigger(trigger.type, trigger.id, eventId, payload));
        } catch (DevRigException e) {
            if (ErrorCodes.INVALID_INPUT.equals(e.code())) {
                throw e; // a payload that is not JSON is refused at the caller: nothing is recorded
            }
            refused = e; // recorded as a refused fire (unless it is a duplicate)
        }
        String payloadJson = run == null ? null : run.payloadJson();
        if (payloadJson == null) { // refused, or a WorkflowRuns that does not write it ahead
            payloadJson = payloadJson(trigger, payload);
        }
        fires.add(new Fire(trigger, key, payloadJson, eventId, run, refused, run == null ? null : run.runId(), result));
        return result;
    }

    /** The payload as stored; refused at the caller (nothing recorded) when it is not JSON. */
    private static String payloadJson(LiveTrigger trigger, Object payload) {
        try {
            return Json.write(JsonTrees.toTree(payload));
        } catch (JsonTrees.NotJsonException e) {
            throw notJson(trigger, e.getMessage());
        }
    }

    /**
     * Whether a run of the workflow could start now, from its cached state: else its fire is
     * prepared at once, so that the refusal is recorded and told as before.
     */
    private boolean startable(String workflowId) {
        return workflows.state(workflowId).map(WorkflowState::canStart).orElse(false);
    }

    /** The place and type of what is not JSON, never a value. */
    private static DevRigException notJson(LiveTrigger trigger, String why) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "the payload of trigger "
                + trigger.id + " (" + trigger.type + ") is not JSON: " + why);
    }

    private static DevRigException closed() {
        return new DevRigException(ErrorCodes.DB_UNAVAILABLE, ErrorCategory.TRANSIENT, "the trigger manager is stopping");
    }

    private void commitLoop() {
        List<Fire> batch = new ArrayList<>();
        boolean quiet = false; // the last wait ran out and a slice started: the next one need not wait
        while (open || !fires.isEmpty()) {
            try {
                long waitFrom = System.nanoTime();
                Fire first = fires.poll(!backlog ? 100 : quiet ? 0 : QUIET_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    duty = 0;
                    quiet = backlog && open && startAccepted(MAX_BATCH); // the intake is quiet
                    continue;
                }
                quiet = false;
                long from = System.nanoTime();
                batch.add(first);
                fires.drainTo(batch, MAX_BATCH - 1);
                commit(batch, backlog || busy(batch.size()));
                long to = System.nanoTime();
                duty = 0.8 * duty + 0.2 * (to - from) / Math.max(1, to - waitFrom);
                if (backlog && open) {
                    if (!busy(batch.size())) {
                        startAccepted(FOLLOW_STARTS); // the intake keeps up: the runs follow at once
                    } else if (System.nanoTime() - lastStartsNanos >= TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS)) {
                        startAccepted(BUSY_STARTS); // a busy intake does not hold them all back
                    }
                }
            } catch (InterruptedException e) {
                if (!open) {
                    break;
                }
            } catch (RuntimeException | Error e) {
                LOG.error("The trigger fire committer failed", e);
                batch.forEach(f -> f.result().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        for (Fire f; (f = fires.poll()) != null;) {
            f.result().completeExceptionally(closed());
        }
    }

    /** Whether the intake is busy, judged after a group of {@code size} fires (and the groups before it). */
    private boolean busy(int size) {
        return size >= deferAt || duty >= BUSY_DUTY;
    }

    /**
     * One transaction for the whole group; each caller learns its outcome after the commit.
     * With {@code accept}, the fires that would start a run are recorded as accepted instead.
     */
    private void commit(List<Fire> batch, boolean accept) {
        FireResult[] results;
        try {
            results = db.write(h -> record(h, batch, accept));
        } catch (RuntimeException e) {
            DevRigException failure = e instanceof DevRigException d ? d : new DevRigException(ErrorCodes.DB_ERROR,
                    ErrorCategory.TRANSIENT, "the fires could not be recorded: " + e.getMessage(), e);
            LOG.warn("{} trigger fire(s) could not be recorded: {}", batch.size(), failure.getMessage());
            batch.forEach(f -> f.result().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (results[i].outcome() == FireResult.Outcome.ACCEPTED && !backlog) {
                backlog = true;
                lastStartsNanos = System.nanoTime();
            }
            batch.get(i).result().complete(results[i]);
        }
    }

    private FireResult[] record(SqlHandle h, List<Fire> batch, boolean accept) throws java.sql.SQLException {
        FireResult[] results = new FireResult[batch.size()];
        Instant nowInstant = clock.now();
        String now = DevRigClock.format(nowInstant);
        Map<String, Integer> started = new LinkedHashMap<>();
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Fire f = batch.get(i);
            LiveTrigger t = f.trigger();
            if (t.disposed) {
                // its row may be gone with its workflow: nothing to record an event against
                results[i] = new FireResult(FireResult.Outcome.REFUSED, null, null, "the trigger was stopped");
                continue;
            }
            if (!t.window.isZero()) {
                Optional<String> first = TriggerStore.startedSince(h, t.id, f.key(),
                        DevRigClock.format(nowInstant.minus(t.window)));
                if (first.isPresent()) {
                    String id = f.eventId();
                    TriggerStore.insertEvent(h, id, t.id, t.workflowId, f.key(), null, now,
                            FireResult.Outcome.DUPLICATE, null, first.get(), null);
                    duplicates.merge(t.id, 1, Integer::sum);
                    LOG.info("Trigger {} ({}): duplicate of event {} dropped (key {})", t.id, t.type, first.get(),
                            abbreviate(f.key()));
                    results[i] = new FireResult(FireResult.Outcome.DUPLICATE, first.get(), null,
                            "the same deduplication key fired within " + t.window.toSeconds() + " s");
                    continue;
                }
            }
            String eventId = f.eventId();
            String runId = f.runId();
            if (f.refused() == null && runId != null && (accept || f.deferred())) {
                // its run starts with this id once the intake is quiet (startAccepted)
                TriggerStore.insertEvent(h, eventId, t.id, t.workflowId, f.key(), f.payloadJson(), now,
                        FireResult.Outcome.ACCEPTED, runId, null, null);
                started.merge(t.id, 1, Integer::sum);
                results[i] = new FireResult(FireResult.Outcome.ACCEPTED, eventId, runId, null);
                continue;
            }
            TriggerStore.insertEvent(h, eventId, t.id, t.workflowId, f.key(), f.payloadJson(), now,
                    FireResult.Outcome.STARTED, runId, null, null);
            try {
                if (f.refused() != null) {
                    throw f.refused();
                }
                // a nested write: the engine's savepoint is rolled back alone when it refuses
                RunStart start = runs.startPrepared(f.run());
                if (start.started()) {
                    if (!start.runId().equals(runId)) { // a WorkflowRuns that does not tell the id ahead
                        TriggerStore.eventStarted(h, eventId, start.runId());
                    }
                    started.merge(t.id, 1, Integer::sum);
                    results[i] = new FireResult(FireResult.Outcome.STARTED, eventId, start.runId(), null);
                } else {
                    String reason = "skipped: " + start.skipped();
                    TriggerStore.eventRefused(h, eventId, reason);
                    results[i] = new FireResult(FireResult.Outcome.REFUSED, eventId, null, reason);
                }
            } catch (DevRigException e) {
                TriggerStore.eventRefused(h, eventId, e.getMessage());
                results[i] = new FireResult(FireResult.Outcome.REFUSED, eventId, null, e.getMessage());
            }
        }
        for (Map.Entry<String, Integer> e : started.entrySet()) {
            TriggerStore.fired(h, e.getKey(), e.getValue(), now);
        }
        for (Map.Entry<String, Integer> e : duplicates.entrySet()) {
            TriggerStore.duplicates(h, e.getKey(), e.getValue());
        }
        return results;
    }

    /**
     * Starts the runs of up to {@code limit} accepted fires, oldest first, in one
     * transaction, each with the run id it was accepted with; an accepted fire whose workflow
     * can no longer start (disabled, deleted, an entry condition) becomes refused. Prepared
     * outside the transaction, from the stored payload: the same path after a restart.
     *
     * @return whether a slice was read and written; false when that failed (nothing changed:
     *         the fires wait, and the next try comes a second later) or failed within the last second
     */
    private boolean startAccepted(int limit) {
        long now = System.nanoTime();
        if (now - startsFailedNanos < TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS)) {
            return false; // the last try failed: not again at once
        }
        lastStartsNanos = now;
        List<TriggerStore.Accepted> slice;
        try {
            slice = db.read(h -> TriggerStore.accepted(h, limit));
        } catch (RuntimeException e) {
            LOG.warn("Accepted trigger fires could not be read; their start is tried again: {}", e.getMessage());
            startsFailedNanos = System.nanoTime();
            return false;
        }
        List<PreparedRun> prepared = new ArrayList<>(slice.size());
        List<String> refusals = new ArrayList<>(slice.size());
        for (TriggerStore.Accepted a : slice) {
            PreparedRun run = null;
            String refusal = null;
            try {
                Object payload = a.payload() == null ? null : Json.read(a.payload());
                run = runs.prepareTriggered(a.workflowId(), new RunTrigger(a.type(), a.triggerId(), a.id(), payload),
                        a.runId());
            } catch (DevRigException e) {
                refusal = e.getMessage();
            } catch (RuntimeException e) {
                // a bug in preparing this one: refused with it, so it does not hold back the others
                LOG.error("Accepted trigger fire {} could not be prepared", a.id(), e);
                refusal = "could not be prepared: " + e;
            }
            prepared.add(run);
            refusals.add(refusal);
        }
        int[] counts = new int[2];
        try {
            db.write(h -> {
                for (int i = 0; i < slice.size(); i++) {
                    String eventId = slice.get(i).id();
                    String refusal = refusals.get(i);
                    if (refusal == null) {
                        try {
                            RunStart start = runs.startPrepared(prepared.get(i)); // a savepoint: refused alone
                            if (start.started()) {
                                TriggerStore.acceptedStarted(h, eventId, start.runId());
                                counts[0]++;
                                continue;
                            }
                            refusal = "skipped: " + start.skipped();
                        } catch (DevRigException e) {
                            refusal = e.getMessage();
                        }
                    }
                    TriggerStore.eventRefused(h, eventId, refusal);
                    counts[1]++;
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("{} accepted trigger fire(s) could not be started; tried again: {}", slice.size(), e.getMessage());
            startsFailedNanos = System.nanoTime();
            return false;
        }
        backlog = slice.size() == limit;
        if (counts[1] > 0) {
            LOG.info("Of {} accepted trigger fires, {} started their runs and {} were refused", slice.size(), counts[0],
                    counts[1]);
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    // ---------------------------------------------------------------- what contexts ask

    boolean workflowActive(String workflowId) {
        return !runs.runs(new RunQuery(workflowId, RunStatus.RUNNING, 1)).isEmpty()
                || !runs.runs(new RunQuery(workflowId, RunStatus.PENDING, 1)).isEmpty()
                || db.read(h -> TriggerStore.anyAccepted(h, workflowId)); // a run about to start
    }

    Map<String, Object> typeState(String triggerId) {
        String json = db.read(h -> TriggerStore.byId(h, triggerId)).map(TriggerStore.Row::typeState).orElse(null);
        return json == null ? Map.of() : Json.readObject(json);
    }

    void saveTypeState(String triggerId, Map<String, Object> state) {
        Objects.requireNonNull(state, "state");
        db.write(h -> {
            TriggerStore.saveTypeState(h, triggerId, state);
            return null;
        });
    }

    void reportError(LiveTrigger t, String message) {
        String line = oneLine(message == null ? "unknown error" : message);
        try {
            db.write(h -> {
                TriggerStore.error(h, t.id, line, clock.timestamp());
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Trigger {}: its error could not be recorded: {}", t.id, e.getMessage());
        }
        if (!line.equals(loggedErrors.put(t.id, line))) {
            LOG.warn("Trigger {} ({}) of workflow {}: {}", t.id, t.type, t.workflowId, line);
        }
    }

    private static String oneLine(String s) {
        String line = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() <= MAX_ERROR_LENGTH ? line : line.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }

    // ---------------------------------------------------------------- TriggerManager

    @Override
    public List<TriggerStatus> triggers() {
        return db.read(TriggerStore::all).stream().map(this::status).toList();
    }

    @Override
    public Optional<TriggerStatus> trigger(String id) {
        return db.read(h -> TriggerStore.byId(h, id)).map(this::status);
    }

    @Override
    public TriggerStatus pause(String id) {
        return setPaused(id, true);
    }

    @Override
    public TriggerStatus resume(String id) {
        return setPaused(id, false);
    }

    private TriggerStatus setPaused(String id, boolean paused) {
        String workflowId = db.write(h -> {
            TriggerStore.Row row = TriggerStore.byId(h, id).orElseThrow(() -> notFound(id));
            TriggerStore.setState(h, id, paused ? TriggerStore.PAUSED : TriggerStore.ACTIVE, clock.timestamp());
            return row.workflowId();
        });
        onLifecycle(() -> reconcile(workflowId), paused ? "pause" : "resume");
        LOG.info("Trigger {} {}", id, paused ? "paused" : "resumed");
        return trigger(id).orElseThrow(() -> notFound(id));
    }

    @Override
    public List<TriggerEvent> events(String id, int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000: " + limit);
        }
        return db.read(h -> {
            if (TriggerStore.byId(h, id).isEmpty()) {
                throw notFound(id);
            }
            return TriggerStore.events(h, id, limit);
        });
    }

    private static DevRigException notFound(String id) {
        return new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no trigger '" + id + "'");
    }

    private TriggerStatus status(TriggerStore.Row row) {
        LiveTrigger t = live.get(row.id());
        Failed failed = createErrors.get(row.id());
        String createError = failed == null ? null : failed.message();
        TriggerState state = row.paused() ? TriggerState.PAUSED
                : t != null ? TriggerState.ACTIVE
                : createError != null ? TriggerState.ERROR
                : TriggerState.WAITING;
        Instant next = null;
        if (t != null && t.handler != null) {
            try {
                next = t.handler.nextFireAt().orElse(null);
            } catch (RuntimeException e) {
                next = null; // a handler's estimate is not worth a failing status
            }
        }
        return new TriggerStatus(row.id(), row.workflowId(), row.workflowVersion(), row.type(), state,
                row.lastFiredAt(), next, row.fireCount(), row.errorCount(),
                createError != null ? createError : row.lastError(), row.duplicateCount());
    }

    /** Whether a service of this type is there now (the shell says why a trigger waits). */
    public boolean hasType(String type) {
        return types.containsKey(type);
    }

    /** Events are deleted in transactions of this many, so the writer is never held long. */
    static final int CLEANUP_BATCH = 500;

    /**
     * Deletes the events older than {@code retention} (never less than the longest
     * deduplication window, 30 days, so no window loses its first fire); how many went.
     */
    public int cleanupEvents(Duration retention) {
        Duration keep = retention.compareTo(Duration.ofSeconds(MAX_WINDOW_SECONDS)) < 0
                ? Duration.ofSeconds(MAX_WINDOW_SECONDS) : retention;
        String before = DevRigClock.format(clock.now().minus(keep));
        int total = 0;
        int deleted;
        do {
            deleted = db.write(h -> TriggerStore.deleteEventsBefore(h, before, CLEANUP_BATCH));
            total += deleted;
        } while (deleted == CLEANUP_BATCH && open);
        if (total > 0) {
            LOG.info("Deleted {} trigger events fired before {}", total, before);
        }
        return total;
    }

    /** Waits until the handler work queued so far is done (tests). */
    void awaitIdle() {
        onLifecycle(() -> { }, "test");
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        onLifecycle(() -> {
            for (LiveTrigger t : List.copyOf(live.values())) {
                dispose(t, "the trigger manager stops");
            }
        }, "stop");
        open = false; // the committer commits what is queued, then ends
        try {
            committer.join(TimeUnit.SECONDS.toMillis(FOLLOW_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lifecycle.shutdownNow();
    }
}
