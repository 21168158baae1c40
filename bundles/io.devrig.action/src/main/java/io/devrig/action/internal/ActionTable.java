package io.devrig.action.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executors currently published, by action type. When several services claim one type,
 * the highest service ranking wins, then the lowest service id (the oldest); the others
 * wait and take over when the winner goes. Writers (service events) serialize on this
 * object; readers (every call) see an immutable snapshot without locking.
 */
final class ActionTable {

    private static final Logger LOG = LoggerFactory.getLogger(ActionTable.class);

    /**
     * One published executor.
     *
     * @param pluginId the plugin (bundle symbolic name), or null for a built-in
     * @param origin who published it, for log lines
     */
    record Entry(ActionExecutor executor, ActionDescriptor descriptor, String pluginId, int ranking, long serviceId,
            String origin) {

        Entry {
            Objects.requireNonNull(executor, "executor");
            Objects.requireNonNull(descriptor, "descriptor");
        }

        String type() {
            return descriptor.type();
        }
    }

    static final Comparator<Entry> PREFERRED = Comparator.comparingInt(Entry::ranking).reversed()
            .thenComparingLong(Entry::serviceId);

    private final Map<String, List<Entry>> candidates = new HashMap<>();
    private volatile Map<String, Entry> winners = Collections.unmodifiableMap(new TreeMap<>());

    synchronized void add(Entry entry) {
        List<Entry> list = candidates.computeIfAbsent(entry.type(), t -> new ArrayList<>());
        list.removeIf(e -> e.serviceId() == entry.serviceId());
        list.add(entry);
        list.sort(PREFERRED);
        if (list.size() > 1) {
            Entry winner = list.get(0);
            LOG.warn("Action type {} is published more than once ({}); using service {} of {} (highest ranking, "
                    + "then oldest)", entry.type(), describe(list), winner.serviceId(), winner.origin());
        }
        publish();
    }

    /** Removes the service; its type goes with it unless another service also provides it. */
    synchronized void remove(long serviceId) {
        for (var it = candidates.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, List<Entry>> e = it.next();
            List<Entry> list = e.getValue();
            boolean wasWinner = !list.isEmpty() && list.get(0).serviceId() == serviceId;
            if (list.removeIf(x -> x.serviceId() == serviceId)) {
                if (list.isEmpty()) {
                    it.remove();
                } else if (wasWinner) {
                    LOG.info("Action type {} is now provided by service {} of {}", e.getKey(),
                            list.get(0).serviceId(), list.get(0).origin());
                }
            }
        }
        publish();
    }

    Entry get(String type) {
        return type == null ? null : winners.get(type);
    }

    /** The winners, sorted by type. */
    Collection<Entry> all() {
        return winners.values();
    }

    private void publish() {
        Map<String, Entry> next = new TreeMap<>();
        candidates.forEach((type, list) -> next.put(type, list.get(0)));
        winners = Collections.unmodifiableMap(next);
    }

    private static String describe(List<Entry> list) {
        StringBuilder sb = new StringBuilder();
        for (Entry e : list) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append("service ").append(e.serviceId()).append(" of ").append(e.origin()).append(" ranking ")
                    .append(e.ranking());
        }
        return sb.toString();
    }
}
