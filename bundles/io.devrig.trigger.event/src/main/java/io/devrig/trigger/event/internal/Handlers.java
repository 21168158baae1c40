package io.devrig.trigger.event.internal;

import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.condition.ConditionResult;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What both event types share: the live handlers an event is offered to, configuration
 * checks with JSON paths, and the payload filter (a condition of the condition DSL over the
 * payload, e.g. {@code {"type":"compare","left":{"type":"context","path":"status"},...}}).
 */
final class Handlers {

    private Handlers() {
    }

    /** A handler that listens while started; {@code accept} gets the events its type offers. */
    abstract static class Listening implements TriggerHandler {
        final TriggerContext context;
        private final List<Listening> registry;
        private final CompiledCondition filter;

        Listening(TriggerContext context, List<Listening> registry, ConditionEngine conditions) {
            this.context = context;
            this.registry = registry;
            Object f = context.config().get("filter");
            this.filter = f == null ? null : conditions.compile(f);
        }

        @Override
        public void start() {
            registry.add(this);
        }

        @Override
        public void stop() {
            registry.remove(this);
        }

        /** Whether the payload passes the filter; a filter that cannot be evaluated is reported and fires nothing. */
        boolean passes(Map<String, Object> payload) {
            if (filter == null) {
                return true;
            }
            ConditionResult r = filter.explain(ConditionContext.builder().run(payload).build());
            if (r.failed()) {
                context.reportError("the filter could not be evaluated: " + r.error().code() + ": " + r.error().message());
                return false;
            }
            return r.value();
        }

        /** Fires without holding Event Admin's thread; a fire that could not be recorded is reported. */
        void fire(String key, Map<String, Object> payload) {
            context.fireAsync(key, payload).whenComplete((FireResult result, Throwable failure) -> {
                if (failure != null) {
                    context.reportError("a fire could not be recorded: " + failure.getMessage());
                }
            });
        }
    }

    static List<Listening> registry() {
        return new CopyOnWriteArrayList<>();
    }

    /** Offers an event to every live handler; one handler's failure does not keep it from the others. */
    static void offer(List<Listening> registry, Consumer<Listening> event) {
        for (Listening h : registry) {
            try {
                event.accept(h);
            } catch (RuntimeException e) {
                h.context.reportError("the event could not be handled: " + e.getMessage());
            }
        }
    }

    // ---- configuration checks

    static void onlyKnown(Map<String, Object> config, Set<String> known, List<String> problems) {
        for (String key : config.keySet()) {
            if (!known.contains(key)) {
                problems.add("$.trigger." + key + ": unknown field; this trigger type knows " + String.join(", ",
                        known.stream().sorted().toList()));
            }
        }
    }

    static void filter(Map<String, Object> config, ConditionEngine conditions, List<String> problems) {
        Object f = config.get("filter");
        if (f == null) {
            return;
        }
        for (String p : conditions.validate(f)) {
            problems.add(p.startsWith("$") ? "$.trigger.filter" + p.substring(1) : "$.trigger.filter: " + p);
        }
    }

    /** The strings of a list field (null when absent); a problem when it is not a list of strings. */
    static List<String> strings(Map<String, Object> config, String field, List<String> problems) {
        Object v = config.get(field);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    problems.add("$.trigger." + field + ": must be a list of strings");
                    return null;
                }
                out.add(s);
            }
            return out;
        }
        problems.add("$.trigger." + field + ": must be a list of strings");
        return null;
    }
}
