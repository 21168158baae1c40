package io.devrig.trigger.internal;

import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A trigger type for tests: its handlers keep their context so a test fires through them,
 * and record whether they were started and disposed. {@code failOnCreate} in a config makes
 * creation fail; {@code bad} makes validation fail.
 */
final class TestType implements TriggerType {

    final List<Handler> handlers = new CopyOnWriteArrayList<>();
    private final Duration window;

    TestType() {
        this(Duration.ofSeconds(60));
    }

    TestType(Duration window) {
        this.window = window;
    }

    @Override
    public List<String> validate(Map<String, Object> config) {
        return config.containsKey("bad") ? List.of("$.trigger.bad: not allowed here") : List.of();
    }

    @Override
    public Duration defaultDeduplicationWindow() {
        return window;
    }

    @Override
    public TriggerHandler createHandler(TriggerContext context) {
        if (context.config().containsKey("failOnCreate")) {
            throw new IllegalStateException("cannot listen on " + context.config().get("failOnCreate"));
        }
        Handler h = new Handler(context);
        handlers.add(h);
        return h;
    }

    /** The handlers not disposed. */
    List<Handler> live() {
        return handlers.stream().filter(h -> h.started && !h.stopped).toList();
    }

    /** The one live handler. */
    Handler only() {
        List<Handler> live = live();
        if (live.size() != 1) {
            throw new AssertionError("expected one live handler, found " + live.size());
        }
        return live.get(0);
    }

    static final class Handler implements TriggerHandler {
        final TriggerContext context;
        volatile boolean started;
        volatile boolean stopped;

        Handler(TriggerContext context) {
            this.context = context;
        }

        @Override
        public void start() {
            started = true;
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }
}
