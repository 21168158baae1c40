package io.devrig.plugin.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * What the invoker costs per call (per-plugin thread hand-off + time limit + breaker +
 * counters) against a direct method call, measured in the same run. Not a test: runs
 * only with {@code mvn -Pbench test -pl bundles/io.devrig.plugin}, prints figures and
 * asserts only that both paths computed the same thing.
 */
class InvokerBenchmark {

    static final int CALLS = 100_000;
    static final int ROUNDS = 7;

    @Test
    void invokerVersusDirectCall() {
        IntUnaryOperator plugin = x -> x * 31 + 7; // the "plugin code": trivial, so the overhead shows
        try (Invoker invoker = new Invoker(InvokerSettings.DEFAULTS, Instant::now)) {
            long directSum = 0;
            long invokedSum = 0;
            double[] direct = new double[ROUNDS];
            double[] invoked = new double[ROUNDS];
            for (int warm = 0; warm < 3; warm++) { // warm-up: JIT and thread pool
                directSum += runDirect(plugin);
                invokedSum += runInvoker(invoker, plugin);
            }
            for (int r = 0; r < ROUNDS; r++) {
                long t0 = System.nanoTime();
                directSum += runDirect(plugin);
                long t1 = System.nanoTime();
                invokedSum += runInvoker(invoker, plugin);
                long t2 = System.nanoTime();
                direct[r] = (t1 - t0) / (double) CALLS;
                invoked[r] = (t2 - t1) / (double) CALLS;
            }
            assertThat(invokedSum).isEqualTo(directSum);
            double d = median(direct);
            double i = median(invoked);
            System.out.printf("[benchmark] direct call:     %10.1f ns/call (median of %d rounds x %d calls)%n", d, ROUNDS, CALLS);
            System.out.printf("[benchmark] PluginInvoker:   %10.1f ns/call%n", i);
            System.out.printf("[benchmark] invoker overhead: %9.1f ns/call (%.0fx the direct call)%n", i - d, i / d);
        }
    }

    private static long runDirect(IntUnaryOperator plugin) {
        long sum = 0;
        for (int n = 0; n < CALLS; n++) {
            sum += plugin.applyAsInt(n);
        }
        return sum;
    }

    private static long runInvoker(Invoker invoker, IntUnaryOperator plugin) {
        long sum = 0;
        for (int n = 0; n < CALLS; n++) {
            int x = n;
            sum += invoker.invoke("bench", "op", () -> plugin.applyAsInt(x));
        }
        return sum;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
