package io.devrig.action.data.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A small least-recently-used cache of compiled expressions. Bounded, so that inputs that
 * differ on every call (an expression built by a template) cannot grow it without end.
 * Compiling happens outside the lock: two threads may compile the same key once each.
 */
final class BoundedCache<K, V> {

    private final Map<K, V> entries;

    BoundedCache(int maxEntries) {
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The cached value, or {@code compile}'s (cached unless it throws). */
    V get(K key, Function<K, V> compile) {
        synchronized (entries) {
            V value = entries.get(key);
            if (value != null) {
                return value;
            }
        }
        V value = compile.apply(key);
        synchronized (entries) {
            entries.put(key, value);
        }
        return value;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }
}
