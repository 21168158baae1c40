package io.devrig.trigger.poll.internal;

import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigError;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.trigger.poll.internal.PollConfig.HttpSource;
import io.devrig.trigger.poll.internal.PollConfig.PluginSource;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One polling trigger. Its Camel timer route calls {@link #tick()} every {@code intervalMs};
 * a tick polls unless it is skipped for backoff. A poll calls the source's action through the
 * registry, compares the data with the saved state ({@link Changes}), fires each change and
 * waits for it to be committed, then saves the state: a crash between the two fires again
 * with the same deduplication key, which the manager drops within its window.
 */
final class PollHandler implements TriggerHandler {

    /** After {@code n} failures in a row the next poll waits {@code min(2^n, MAX_BACKOFF)} intervals. */
    static final int MAX_BACKOFF = 10;
    private static final int MAX_ERROR_CHARS = 400;
    private static final Logger LOG = LoggerFactory.getLogger(PollHandler.class);

    /** Adds and removes the trigger's timer route (the type's Camel context). */
    interface Routes {
        void add(String routeId, long periodMs, Runnable tick);

        void remove(String routeId);
    }

    private final TriggerContext context;
    private final PollConfig config;
    private final ActionRegistry registry;
    private final Routes routes;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile boolean running;
    private int failures;
    private int skip;
    private volatile Instant nextPoll;

    PollHandler(TriggerContext context, PollConfig config, ActionRegistry registry, Routes routes, Clock clock) {
        this.context = context;
        this.config = config;
        this.registry = registry;
        this.routes = routes;
        this.clock = clock;
    }

    String routeId() {
        return context.triggerId();
    }

    @Override
    public void start() {
        running = true;
        nextPoll = clock.instant();
        routes.add(routeId(), config.intervalMs(), this::tick);
    }

    @Override
    public void stop() {
        if (running) {
            running = false;
            routes.remove(routeId());
        }
    }

    @Override
    public Optional<Instant> nextFireAt() {
        return running ? Optional.ofNullable(nextPoll) : Optional.empty();
    }

    /** One timer tick: a poll, or nothing while backing off. Never throws (the route must not fail). */
    void tick() {
        synchronized (lock) {
            if (!running) {
                return;
            }
            if (skip > 0) {
                skip--;
                nextPoll = clock.instant().plusMillis(config.intervalMs() * (skip + 1));
                return;
            }
            try {
                poll();
            } catch (RuntimeException e) {
                failed("poll failed: " + e);
            }
            nextPoll = clock.instant().plusMillis(config.intervalMs() * (skip + 1));
        }
    }

    /** Polls once now, whatever the backoff; the tests call it directly. */
    void poll() {
        Object data;
        try {
            data = fetch();
        } catch (Failure f) {
            failed(f.getMessage());
            return;
        }
        Instant polledAt = clock.instant();
        Changes.Outcome outcome;
        try {
            outcome = Changes.compare(config, context.state(), data, polledAt);
        } catch (Changes.UnreadableData e) {
            failed("poll failed: " + e.getMessage());
            return;
        }
        for (Changes.Fire fire : outcome.fires()) {
            if (!running) {
                return; // stopped meanwhile: the next handler polls again from the saved state
            }
            Map<String, Object> payload = new LinkedHashMap<>(fire.payload());
            payload.put("source", config.source().describe());
            payload.put("polledAt", polledAt.toString());
            // waits until the event (and its run) is committed: only then is the new state saved
            context.fire(fire.key(), payload);
        }
        if (running) {
            context.saveState(outcome.state());
            failures = 0;
            skip = 0;
        }
    }

    /** The data of one poll: http.request's response body, or the plugin action's output. */
    private Object fetch() throws Failure {
        String type = config.source().actionType();
        if (config.source() instanceof PluginSource) {
            String refused = PollConfig.refusal(registry, type);
            if (refused != null) { // the plugin went away or was replaced by one with side effects
                throw new Failure("poll refused: " + refused);
            }
        }
        ActionOutcome outcome = registry.execute(
                new PollCall(context.workflowId(), context.triggerId(), false, () -> !running).invocation(config.source()));
        if (!outcome.succeeded()) {
            DevRigError e = outcome.error(); // http.request's errors carry no secret and no URL path
            throw new Failure("poll failed: " + e.code() + ": " + e.message());
        }
        if (!(config.source() instanceof HttpSource)) {
            return outcome.output();
        }
        Map<?, ?> response = outcome.output() instanceof Map<?, ?> m ? m : Map.of();
        if (Boolean.TRUE.equals(response.get("truncated"))) {
            throw new Failure("poll failed: the response of " + response.get("bytes") + " bytes is larger than"
                    + " source.maxResponseBytes; nothing was compared");
        }
        return response.get("body");
    }

    private void failed(String message) {
        failures++;
        skip = (int) Math.min(1L << Math.min(failures, 30), MAX_BACKOFF) - 1;
        String text = message.length() > MAX_ERROR_CHARS ? message.substring(0, MAX_ERROR_CHARS) + "…" : message;
        String line = text + " (" + failures + " in a row; next poll in " + (skip + 1) + " intervals)";
        LOG.debug("polling trigger {}: {}", context.triggerId(), line);
        context.reportError(line);
    }

    int failures() {
        synchronized (lock) {
            return failures;
        }
    }

    private static final class Failure extends Exception {
        Failure(String message) {
            super(message, null, false, false);
        }
    }
}
