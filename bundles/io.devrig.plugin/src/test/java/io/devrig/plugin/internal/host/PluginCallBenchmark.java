package io.devrig.plugin.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.time.DevRigClock;
import io.devrig.plugin.internal.invoke.Invoker;
import io.devrig.store.internal.MigrationCatalog;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.internal.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * What a call into plugin code costs through DevRig — the SDK permission check plus the
 * invoker (per-plugin thread hand-off, time limit, breaker, counters) — against a direct
 * method call and, as the same-shape baseline, the bare hand-off the invoker is built on (a
 * plain {@link ThreadPoolExecutor} with the invoker's thread count, {@code submit} then
 * {@code get} with the time limit). The paths run in alternating rounds (the order rotates
 * each round) so load drift lands on all of them; medians. Not a test: runs only with
 * {@code mvn -Pbench test -pl bundles/io.devrig.plugin}; prints figures and asserts only
 * that every path computed the same thing.
 */
class PluginCallBenchmark {

    static final int CALLS = 100_000;
    static final int ROUNDS = 7;

    @Test
    void permissionCheckAndInvokerVersusDirectCall() throws Exception {
        Path dir = Files.createTempDirectory("devrig-bench");
        try (SqliteDatabase db = SqliteDatabase.open(StoreSettings.defaults(dir.resolve("devrig.db")),
                MigrationCatalog.load(getClass().getClassLoader(), MigrationCatalog.DEFAULT_FOLDER), DevRigClock.system());
                Invoker invoker = Invoker.withDefaults()) {
            PluginLifecycleTest.FakeGuard guard = new PluginLifecycleTest.FakeGuard();
            PluginLifecycle lifecycle = new PluginLifecycle(new PluginRecords(db, DevRigClock.system()), invoker::stats,
                    guard);
            lifecycle.bundleChanged(new PluginLifecycleTest.FakeBundle(1, "bench.plugin",
                    PluginLifecycleTest.descriptor("bench.plugin", "1.0.0", "", ""), guard));
            IntUnaryOperator plugin = x -> x * 31 + 7; // trivial plugin code, so the overhead shows

            LongSupplier direct = () -> {
                long sum = 0;
                for (int n = 0; n < CALLS; n++) {
                    sum += plugin.applyAsInt(n);
                }
                return sum;
            };
            LongSupplier checked = () -> {
                long sum = 0;
                for (int n = 0; n < CALLS; n++) {
                    lifecycle.check("bench.plugin", null);
                    sum += plugin.applyAsInt(n);
                }
                return sum;
            };
            LongSupplier invoked = () -> {
                long sum = 0;
                for (int n = 0; n < CALLS; n++) {
                    int x = n;
                    lifecycle.check("bench.plugin", null);
                    sum += invoker.invoke("bench.plugin", "op", () -> plugin.applyAsInt(x));
                }
                return sum;
            };
            // the invoker's defaults: 4 threads per plugin, 30 s time limit
            ThreadPoolExecutor bare = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
            long timeoutNanos = TimeUnit.SECONDS.toNanos(30);
            LongSupplier handOff = () -> {
                long sum = 0;
                try {
                    for (int n = 0; n < CALLS; n++) {
                        int x = n;
                        lifecycle.check("bench.plugin", null);
                        sum += bare.submit(() -> plugin.applyAsInt(x)).get(timeoutNanos, TimeUnit.NANOSECONDS);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return sum;
            };
            try {
                double[] m = measure(direct.getAsLong(), direct, checked, handOff, invoked);
                double d = m[0];
                double c = m[1];
                double h = m[2];
                double i = m[3];
                System.out.printf("[benchmark] direct call:                       %10.1f ns/call (median of %d alternating rounds x %d calls)%n", d, ROUNDS, CALLS);
                System.out.printf("[benchmark] permission check + direct call:    %10.1f ns/call (check costs %.1f ns)%n", c, c - d);
                System.out.printf("[benchmark] check + bare executor hand-off:    %10.1f ns/call (baseline: submit + get on a plain pool)%n", h);
                System.out.printf("[benchmark] check + invoker:                   %10.1f ns/call (%.2fx the bare hand-off)%n", i, i / h);
                System.out.printf("[benchmark] DevRig's overhead per plugin call: %10.1f ns over a direct call, %.1f ns over the bare hand-off%n",
                        i - d, i - h);
            } finally {
                bare.shutdownNow();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Median ns per call of each path, rounds alternating and the order rotating each round. */
    private static double[] measure(long expected, LongSupplier... paths) {
        for (int warm = 0; warm < 3; warm++) {
            for (LongSupplier p : paths) {
                assertThat(p.getAsLong()).isEqualTo(expected);
            }
        }
        double[][] perCall = new double[paths.length][ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            for (int k = 0; k < paths.length; k++) {
                int p = (k + r) % paths.length;
                long t0 = System.nanoTime();
                assertThat(paths[p].getAsLong()).isEqualTo(expected);
                perCall[p][r] = (System.nanoTime() - t0) / (double) CALLS;
            }
        }
        double[] medians = new double[paths.length];
        for (int p = 0; p < paths.length; p++) {
            Arrays.sort(perCall[p]);
            medians[p] = perCall[p][ROUNDS / 2];
        }
        return medians;
    }
}
