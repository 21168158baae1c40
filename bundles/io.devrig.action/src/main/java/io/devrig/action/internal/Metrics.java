package io.devrig.action.internal;

import io.devrig.api.action.ActionMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Lock-free counters per action type (only types that exist get counters). */
final class Metrics {

    static final class Counters {
        private final LongAdder calls = new LongAdder();
        private final LongAdder failures = new LongAdder();
        private final LongAdder totalMillis = new LongAdder();
        private final AtomicLong maxMillis = new AtomicLong();

        void record(boolean failed, long millis) {
            calls.increment();
            if (failed) {
                failures.increment();
            }
            totalMillis.add(millis);
            if (millis > maxMillis.get()) {
                maxMillis.accumulateAndGet(millis, Math::max);
            }
        }
    }

    private final Map<String, Counters> byType = new ConcurrentHashMap<>();

    Counters of(String type) {
        return byType.computeIfAbsent(type, t -> new Counters());
    }

    List<ActionMetrics> snapshot() {
        List<ActionMetrics> list = new ArrayList<>();
        byType.forEach((type, c) -> list.add(new ActionMetrics(type, c.calls.sum(), c.failures.sum(),
                c.totalMillis.sum(), c.maxMillis.get())));
        list.sort(java.util.Comparator.comparing(ActionMetrics::type));
        return list;
    }
}
