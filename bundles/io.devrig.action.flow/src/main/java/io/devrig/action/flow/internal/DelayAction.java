package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.action.DeclaredActions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Component;

/**
 * {@code flow.delay}: waits {@code ms} milliseconds or until an instant. The wait sleeps in
 * slices of at most {@link #SLICE_NANOS} so that {@link ActionContext#cancelled()} is seen
 * within 100 ms even when nobody interrupts the thread. It never waits past the deadline:
 * a wait that would end later runs until the deadline and then fails as a timeout, rather
 * than returning early as if the full time had passed.
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + DelayAction.TYPE)
public final class DelayAction implements ActionExecutor {

    static final String TYPE = "flow.delay";
    static final long MAX_MS = 3_600_000L;
    static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Set<String> KEYS = Set.of("ms", "until");

    /** Declared in OSGI-INF/devrig/actions.json: name, description, schemas are data, read once. */
    private final ActionDescriptor descriptor = DeclaredActions.builtIn(DelayAction.class, TYPE);

    @Override
    public ActionDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Map<String, Object> in = Inputs.object(input, "$");
        Inputs.onlyKeys(in, "$", KEYS);
        if (in.containsKey("ms") == in.containsKey("until")) {
            throw Inputs.invalid("$", "give exactly one of 'ms' and 'until'");
        }
        long waitNanos;
        if (in.containsKey("ms")) {
            waitNanos = TimeUnit.MILLISECONDS.toNanos(Inputs.integer(in.get("ms"), "$.ms", 0, MAX_MS));
        } else {
            Instant until = Inputs.instant(in.get("until"), "$.until");
            Duration ahead = Duration.between(Instant.now(), until);
            if (ahead.toMillis() > MAX_MS) {
                throw Inputs.invalid("$.until", "must be at most one hour (3600000 ms) ahead");
            }
            waitNanos = Math.max(0, ahead.toNanos());
        }
        if (context.dryRun()) {
            // a dry-run shows the path a run would take; sitting out its delays shows nothing more
            return Map.of("waitedMs", 0L, "wouldWaitMs", TimeUnit.NANOSECONDS.toMillis(waitNanos));
        }
        long start = System.nanoTime();
        await(start + waitNanos, context);
        return Map.of("waitedMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    private static void await(long endNanos, ActionContext context) {
        Instant deadline = context.deadline();
        while (true) {
            if (Stops.requested(context)) {
                throw Stops.stopped(context, TYPE);
            }
            long left = endNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            long slice = Math.min(left, SLICE_NANOS);
            if (deadline != null) {
                long toDeadline = Duration.between(Instant.now(), deadline).toNanos();
                if (toDeadline <= 0) {
                    // The time limit did not interrupt us (yet): fail as it would have.
                    throw Stops.timedOut(TYPE);
                }
                slice = Math.min(slice, toDeadline);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(slice);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Stops.stopped(context, TYPE);
            }
        }
    }
}
