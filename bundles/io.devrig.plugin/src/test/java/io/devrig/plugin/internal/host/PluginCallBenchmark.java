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
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * What a call into plugin code costs through DevRig — the SDK permission check plus the
 * invoker (per-plugin thread hand-off, time limit, breaker, counters) — against a direct
 * method call, measured in the same run. Not a test: runs only with
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
            double d = measure(direct, direct.getAsLong());
            double c = measure(checked, direct.getAsLong());
            double i = measure(invoked, direct.getAsLong());
            System.out.printf("[benchmark] direct call:                     %10.1f ns/call (median of %d rounds x %d calls)%n", d, ROUNDS, CALLS);
            System.out.printf("[benchmark] permission check + direct call:  %10.1f ns/call (check costs %.1f ns)%n", c, c - d);
            System.out.printf("[benchmark] permission check + invoker:      %10.1f ns/call%n", i);
            System.out.printf("[benchmark] DevRig's overhead per plugin call: %8.1f ns (%.0fx the direct call)%n", i - d, i / d);
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double measure(LongSupplier run, long expected) {
        for (int warm = 0; warm < 3; warm++) {
            assertThat(run.getAsLong()).isEqualTo(expected);
        }
        double[] perCall = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            long t0 = System.nanoTime();
            assertThat(run.getAsLong()).isEqualTo(expected);
            perCall[r] = (System.nanoTime() - t0) / (double) CALLS;
        }
        Arrays.sort(perCall);
        return perCall[ROUNDS / 2];
    }
}
