package io.devrig.common.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    @Test
    void theLeastRecentlyUsedEntryIsEvicted() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(2);
        int[] computed = new int[1];
        for (String key : List.of("a", "b", "a", "c", "a", "b")) {
            cache.get(key, k -> ++computed[0]);
        }
        // a stays (recently used), b was evicted by c, then computed again
        assertThat(computed[0]).isEqualTo(4);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aFailedComputationIsNotCached() {
        BoundedCache<String, Integer> cache = new BoundedCache<>(4);
        assertThatThrownBy(() -> cache.get("x", k -> {
            throw new IllegalStateException("no");
        })).hasMessage("no");
        assertThat(cache.size()).isZero();
        assertThat(cache.get("x", k -> 7)).isEqualTo(7);
    }

    @Test
    void concurrentCallersGetAValueAndTheSizeStaysBounded() throws Exception {
        BoundedCache<Integer, Integer> cache = new BoundedCache<>(10);
        AtomicInteger computed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                int key = i % 50;
                results.add(pool.submit(() -> cache.get(key, k -> {
                    computed.incrementAndGet();
                    return k * 2;
                })));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get()).isEqualTo((i % 50) * 2);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.size()).isLessThanOrEqualTo(10);
        assertThat(computed.get()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void aCapacityBelowOneIsRefused() {
        assertThatThrownBy(() -> new BoundedCache<>(0)).hasMessageContaining("at least 1");
    }
}
