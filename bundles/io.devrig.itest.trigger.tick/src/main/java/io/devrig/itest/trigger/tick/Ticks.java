package io.devrig.itest.trigger.tick;

import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@code itest.tick} handlers' shared record and remote control. Static on purpose: a
 * test reads what happened while this bundle was stopped (its classes stay loaded across a
 * stop and start; only an update or refresh would drop the record).
 */
public final class Ticks {

    /** The trigger type's name, as a definition's {@code trigger.type} spells it. */
    public static final String TYPE = "itest.tick";

    /** One handler's life event. */
    public enum What { CREATED, STARTED, DISPOSED }

    /** What happened to a handler of a trigger, in order. */
    public record Entry(What what, String triggerId, int workflowVersion, int generation) {
    }

    /** A handler that is started and not yet stopped. */
    public interface Live {
        TriggerContext context();

        /** Which handler of its trigger this is: 1 for the first one created, 2 for the next. */
        int generation();
    }

    private static final List<Entry> LOG = new CopyOnWriteArrayList<>();
    private static final Set<Live> LIVE = ConcurrentHashMap.newKeySet();
    private static final List<Live> DISPOSED = new CopyOnWriteArrayList<>();
    private static final Map<String, Integer> GENERATIONS = new ConcurrentHashMap<>();

    private Ticks() {
    }

    /**
     * Asks every live handler of this trigger to fire once with this deduplication key
     * (payload {@code {"key": key, "generation": n}}) and waits for each outcome.
     *
     * @return one result per live handler of the trigger; empty when none runs
     */
    public static List<FireResult> fire(String triggerId, String key) {
        return fireThrough(LIVE, triggerId, key);
    }

    /**
     * Fires through the contexts of this trigger's disposed handlers, as a type that ignored
     * {@code disposeHandler} would: the manager must not start a run for any of them.
     *
     * @return one result per disposed handler of the trigger, oldest first
     */
    public static List<FireResult> fireDisposed(String triggerId, String key) {
        return fireThrough(DISPOSED, triggerId, key);
    }

    private static List<FireResult> fireThrough(Collection<Live> handlers, String triggerId, String key) {
        return handlers.stream()
                .filter(h -> h.context().triggerId().equals(triggerId))
                .map(h -> h.context().fire(key, Map.of("key", key, "generation", h.generation())))
                .toList();
    }

    /** How many handlers of this trigger are started and not disposed (one at most, when the manager is right). */
    public static long live(String triggerId) {
        return LIVE.stream().filter(h -> h.context().triggerId().equals(triggerId)).count();
    }

    /** Every life event of this trigger's handlers, in order. */
    public static List<Entry> log(String triggerId) {
        return LOG.stream().filter(e -> e.triggerId().equals(triggerId)).toList();
    }

    /** How many times handlers of this trigger went through this event. */
    public static long count(String triggerId, What what) {
        return log(triggerId).stream().filter(e -> e.what() == what).count();
    }

    // ------------------------------------------------------------ for the type's handlers

    /** The next generation number of a trigger's handlers. */
    public static int nextGeneration(String triggerId) {
        return GENERATIONS.merge(triggerId, 1, Integer::sum);
    }

    public static void record(What what, Live handler) {
        LOG.add(new Entry(what, handler.context().triggerId(), handler.context().workflowVersion(),
                handler.generation()));
        if (what == What.STARTED) {
            LIVE.add(handler);
        } else if (what == What.DISPOSED) {
            LIVE.remove(handler);
            DISPOSED.add(handler);
        }
    }
}
