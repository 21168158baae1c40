package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.common.action.DeclaredActions;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code flow.loop}: runs one action for every element of an array through the
 * {@link ActionRegistry} (so every element gets the full pipeline: config resolution,
 * input validation, hooks, dry-run previews, metrics) and collects the results in element
 * order.
 *
 * <p>With {@code concurrency} 1 the elements run one after another on the caller's thread;
 * above 1 they run on the shared worker pool, at most {@code concurrency} of this loop at a
 * time. Without {@code continueOnError} the first failure stops the loop from starting more
 * elements; elements already running are left to finish (an element runs fully or not at
 * all, and the error's details say which ones completed), then the loop fails with the
 * failed element's code and category. On cancellation, interrupt or deadline the loop
 * stops starting elements, interrupts and cancels the running ones and fails at once.
 *
 * <p>Nested loops are refused: an inner loop would hold a pool thread while waiting for
 * elements queued behind it on the same pool, which can deadlock a bounded pool.
 */
final class LoopAction {

    static final String TYPE = "flow.loop";
    /** The component was deactivated (bundle stopped or updated) while the loop ran; retryable. */
    static final String STOPPED = "FLOW_LOOP_STOPPED";
    static final int MAX_CONCURRENCY = 16;
    static final int DEFAULT_MAX_ITEMS = 1000;
    static final int HARD_MAX_ITEMS = 10_000;
    /** The per-element timeout when the context has no deadline (outside a run). */
    static final Duration NO_DEADLINE_TIMEOUT = Duration.ofHours(1);
    /** How often the coordinator looks at the context while it waits for elements. */
    private static final long POLL_MS = 50;
    private static final Set<String> KEYS = Set.of("items", "action", "concurrency", "continueOnError", "maxItems",
            "vars");
    private static final Set<String> ACTION_KEYS = Set.of("type", "config");

    /** Declared in OSGI-INF/devrig/actions.json: name, description, schemas are data, read once. */
    private final ActionDescriptor descriptor = DeclaredActions.builtIn(LoopAction.class, TYPE);

    private final Supplier<ActionRegistry> registry;
    private final ExecutorService pool;

    /**
     * @param registry runs the element calls (asked on each run: the component takes it on first use)
     * @param pool runs elements when {@code concurrency > 1}; owned by the caller, which
     *        shuts it down
     */
    LoopAction(Supplier<ActionRegistry> registry, ExecutorService pool) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.pool = Objects.requireNonNull(pool, "pool");
    }

    ActionDescriptor descriptor() {
        return descriptor;
    }

    Object execute(Object input, ActionContext context) {
        Request request = Request.parse(input);
        if (TYPE.equals(request.type)) {
            throw Inputs.invalid("$.action.type", "flow.loop cannot run inside flow.loop (nested loops are not supported)");
        }
        if (!registry().has(request.type)) {
            throw Inputs.invalid("$.action.type", "unknown action type '" + request.type + "'");
        }
        int n = request.items.size();
        context.log(ActionContext.LogLevel.DEBUG, TYPE + ": " + n + " element(s) of " + request.type
                + ", concurrency " + request.concurrency);
        Element[] results = new Element[n];
        AtomicBoolean aborted = new AtomicBoolean();
        if (request.concurrency == 1 || n <= 1) {
            sequential(request, context, results, aborted);
        } else {
            concurrent(request, context, results, aborted);
        }
        return fanIn(request, context, results);
    }

    private void sequential(Request request, ActionContext context, Element[] results, AtomicBoolean aborted) {
        for (int i = 0; i < results.length; i++) {
            if (Stops.requested(context)) {
                throw Stops.stopped(context, TYPE);
            }
            Element result = runOne(request, i, context, aborted);
            // An interrupt or cancel during the call ends the loop, whatever the element reported.
            if (Stops.requested(context)) {
                throw Stops.stopped(context, TYPE);
            }
            results[i] = result;
            if (result.failed() && !request.continueOnError) {
                throw failure(request, result, results);
            }
        }
    }

    private void concurrent(Request request, ActionContext context, Element[] results, AtomicBoolean aborted) {
        ExecutorCompletionService<Element> done = new ExecutorCompletionService<>(pool);
        Map<Integer, Future<Element>> running = new HashMap<>();
        Element firstFailure = null;
        boolean stopping = false;
        boolean finished = false;
        int next = 0;
        try {
            while (true) {
                while (running.size() < request.concurrency && next < results.length && firstFailure == null
                        && !stopping) {
                    if (Stops.requested(context)) {
                        throw Stops.stopped(context, TYPE);
                    }
                    int index = next;
                    try {
                        running.put(index, done.submit(() -> runOne(request, index, context, aborted)));
                        next++;
                    } catch (RejectedExecutionException e) {
                        stopping = true; // the pool is shut down: finish what runs, start nothing more
                    }
                }
                if (running.isEmpty()) {
                    break;
                }
                Future<Element> future = done.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (Stops.requested(context)) {
                    throw Stops.stopped(context, TYPE);
                }
                if (future == null) {
                    continue;
                }
                Element result = outcome(future);
                running.remove(result.index);
                results[result.index] = result;
                if (result.failed() && !request.continueOnError
                        && (firstFailure == null || result.index < firstFailure.index)) {
                    firstFailure = result;
                }
            }
            finished = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Stops.stopped(context, TYPE);
        } finally {
            if (!finished) {
                // Cancelled, interrupted, past the deadline or an unexpected error: stop the elements now.
                aborted.set(true);
                running.values().forEach(f -> f.cancel(true));
            }
        }
        if (firstFailure != null) {
            throw failure(request, firstFailure, results);
        }
        if (stopping) {
            throw new DevRigException(STOPPED, ErrorCategory.TRANSIENT, TYPE
                    + " was stopped (its bundle is stopping or being updated) before every element ran; retry the run");
        }
    }

    /** The registry; when it (or this component) is going away, a retryable stop. */
    private ActionRegistry registry() {
        try {
            return registry.get();
        } catch (IllegalStateException e) {
            throw new DevRigException(STOPPED, ErrorCategory.TRANSIENT, TYPE
                    + " was stopped (the action registry or this bundle is going away); retry the run");
        }
    }

    private static Element outcome(Future<Element> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException | CancellationException e) {
            // runOne catches RuntimeExceptions; this is an Error thrown on a pool thread.
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PLUGIN,
                    TYPE + ": an element failed unexpectedly: " + e.getCause(), e);
        }
    }

    private Element runOne(Request request, int index, ActionContext context, AtomicBoolean aborted) {
        Duration timeout = timeLeft(context);
        if (timeout == null) {
            return new Element(index, null, DevRigError.of(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT,
                    "the deadline passed before element " + index + " started"));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("item", request.items.get(index));
        data.put("index", index);
        data.put("items", request.items);
        if (request.hasVars) {
            data.put("vars", request.vars);
        }
        ActionContext child = new ChildContext(context, index, aborted);
        try {
            ActionOutcome outcome = registry().execute(new ActionInvocation(request.type, request.config,
                    Collections.unmodifiableMap(data), child, timeout));
            return new Element(index, outcome.succeeded() ? outcome.output() : null, outcome.error());
        } catch (RuntimeException e) {
            // The registry promises not to throw; if it does, keep the fan-in whole. Only
            // the exception's class is reported: its message might carry input values.
            return new Element(index, null, DevRigError.of(ActionErrors.ACTION_FAILED, ErrorCategory.PLUGIN,
                    "the action registry failed: " + e.getClass().getName()));
        }
    }

    /** What is left until the deadline, null when nothing is. */
    private static Duration timeLeft(ActionContext context) {
        Instant deadline = context.deadline();
        if (deadline == null) {
            return NO_DEADLINE_TIMEOUT;
        }
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() || left.isZero() ? null : left;
    }

    private static Map<String, Object> fanIn(Request request, ActionContext context, Element[] results) {
        List<Object> list = new ArrayList<>(results.length);
        int failed = 0;
        for (Element result : results) {
            list.add(result.toJson());
            if (result.failed()) {
                failed++;
            }
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("results", list);
        output.put("succeeded", results.length - failed);
        output.put("failed", failed);
        context.log(failed == 0 ? ActionContext.LogLevel.INFO : ActionContext.LogLevel.WARN,
                TYPE + ": " + (results.length - failed) + " of " + results.length + " element(s) of " + request.type
                        + " succeeded, " + failed + " failed");
        return output;
    }

    private static DevRigException failure(Request request, Element failed, Element[] results) {
        DevRigError inner = failed.error;
        List<Integer> succeeded = new ArrayList<>();
        List<Integer> failedIndexes = new ArrayList<>();
        int notRun = 0;
        for (Element result : results) {
            if (result == null) {
                notRun++;
            } else if (result.failed()) {
                failedIndexes.add(result.index);
            } else {
                succeeded.add(result.index);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("index", failed.index);
        details.put("actionType", request.type);
        details.put("succeeded", succeeded);
        details.put("failed", failedIndexes);
        details.put("notRun", notRun);
        details.put("innerDetails", inner.details());
        String message = "$.items[" + failed.index + "]: element " + failed.index + " (" + request.type + ") failed: "
                + inner.message();
        return new DevRigException(new DevRigError(inner.code(), inner.category(), message, details, inner.retryable(),
                null, null, Instant.now()));
    }

    /** One element's result. */
    private record Element(int index, Object output, DevRigError error) {

        boolean failed() {
            return error != null;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("index", index);
            json.put("output", output);
            if (error == null) {
                json.put("error", null);
            } else {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("code", error.code());
                e.put("category", error.category().wireName());
                e.put("message", error.message());
                json.put("error", e);
            }
            return json;
        }
    }

    /** The checked input. */
    private static final class Request {
        List<?> items;
        String type;
        Map<String, Object> config;
        int concurrency = 1;
        boolean continueOnError;
        boolean hasVars;
        Object vars;

        static Request parse(Object input) {
            Map<String, Object> in = Inputs.object(input, "$");
            Inputs.onlyKeys(in, "$", KEYS);
            Request r = new Request();
            int maxItems = in.containsKey("maxItems")
                    ? (int) Inputs.integer(in.get("maxItems"), "$.maxItems", 1, HARD_MAX_ITEMS)
                    : DEFAULT_MAX_ITEMS;
            if (!in.containsKey("items")) {
                throw Inputs.invalid("$.items", "is required (an array; use [] for none)");
            }
            r.items = Inputs.array(in.get("items"), "$.items");
            if (r.items.size() > maxItems) {
                throw Inputs.invalid("$.items", "has " + r.items.size() + " elements, more than maxItems ("
                        + maxItems + (in.containsKey("maxItems") ? "" : ", the default") + "; at most "
                        + HARD_MAX_ITEMS + " can be allowed)");
            }
            if (!in.containsKey("action")) {
                throw Inputs.invalid("$.action", "is required ({\"type\": ..., \"config\": {...}})");
            }
            Map<String, Object> action = Inputs.object(in.get("action"), "$.action");
            Inputs.onlyKeys(action, "$.action", ACTION_KEYS);
            if (!action.containsKey("type")) {
                throw Inputs.invalid("$.action.type", "is required");
            }
            r.type = Inputs.string(action.get("type"), "$.action.type").trim();
            if (r.type.isEmpty()) {
                throw Inputs.invalid("$.action.type", "must not be empty");
            }
            Object config = action.get("config");
            r.config = config == null ? Map.of() : Inputs.object(config, "$.action.config");
            if (in.containsKey("concurrency")) {
                r.concurrency = (int) Inputs.integer(in.get("concurrency"), "$.concurrency", 1, MAX_CONCURRENCY);
            }
            if (in.containsKey("continueOnError")) {
                r.continueOnError = Inputs.bool(in.get("continueOnError"), "$.continueOnError");
            }
            r.hasVars = in.containsKey("vars");
            r.vars = in.get("vars");
            return r;
        }
    }
}
