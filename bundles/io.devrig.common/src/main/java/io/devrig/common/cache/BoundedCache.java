package io.devrig.common.cache;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A least-recently-used map of at most {@code capacity} entries, for compiled things
 * (templates, schemas, JSONPath expressions): bounded, so that inputs that differ on every
 * call cannot grow it without end. The value is computed outside the lock, so two threads
 * may compute the same entry once each; cache only immutable values, then either copy is
 * fine. Thread-safe.
 */
public final class BoundedCache<K, V> {

    private final Map<K, V> map;

    public BoundedCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.map = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The cached value, or the computed one (cached unless the computation throws). */
    public V get(K key, Function<K, V> compute) {
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

    public int size() {
        synchronized (map) {
            return map.size();
        }
    }
}
