package io.devrig.action.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A least-recently-used map of at most {@code capacity} entries. The value is computed
 * outside the lock, so two threads may compute the same entry once each; the values cached
 * here (compiled templates and schemas) are immutable, so either copy is fine.
 */
final class BoundedCache<K, V> {

    private final Map<K, V> map;

    BoundedCache(int capacity) {
        this.map = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, or the computed one (cached unless the computation throws). */
    V get(K key, Function<K, V> compute) {
        synchronized (map) {
            V cached = map.get(key);
            if (cached != null) {
                return cached;
            }
        }
        V value = compute.apply(key);
        synchronized (map) {
            map.put(key, value);
        }
        return value;
    }

    int size() {
        synchronized (map) {
            return map.size();
        }
    }
}
