package io.devrig.api.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.retry.RetryPolicy.Strategy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    static final DoubleSupplier NEVER = () -> {
        throw new AssertionError("random must not be drawn without jitter");
    };

    @Test
    void defaultsAreThoseOfSeedSection15_2() {
        RetryPolicy p = RetryPolicy.DEFAULTS;
        assertThat(p.maxAttempts()).isEqualTo(3);
        assertThat(p.strategy()).isEqualTo(Strategy.EXPONENTIAL);
        assertThat(p.baseDelayMs()).isEqualTo(1000);
        assertThat(p.maxDelayMs()).isEqualTo(60_000);
        assertThat(p.jitter()).isTrue();
        assertThat(p.retryOn()).containsExactlyInAnyOrder(ErrorCategory.TRANSIENT, ErrorCategory.RESOURCE,
                ErrorCategory.TIMEOUT);
    }

    @Test
    void everyDelayOfEveryStrategyStaysWithinZeroAndTheCap() {
        Random random = new Random(42);
        double[] edges = {0.0, 1e-9, 0.5, 0.999_999_999, 1.0};
        for (Strategy strategy : Strategy.values()) {
            for (boolean jitter : new boolean[] {false, true}) {
                for (long base : new long[] {0, 1, 250, 1000, 7_000, 60_000, Long.MAX_VALUE / 3}) {
                    RetryPolicy p = RetryPolicy.DEFAULTS.withStrategy(strategy).withJitter(jitter).withDelays(base, 60_000);
                    List<Integer> attempts = new ArrayList<>();
                    for (int a = 1; a <= 200; a++) {
                        attempts.add(a);
                    }
                    attempts.addAll(List.of(1_000, 65_535, Integer.MAX_VALUE));
                    for (int attempt : attempts) {
                        for (double edge : edges) {
                            assertThat(p.delayForAttempt(attempt, () -> edge)).as("%s %s base %d attempt %d r %f",
                                    strategy, jitter, base, attempt, edge).isBetween(0L, 60_000L);
                        }
                        assertThat(p.delayForAttempt(attempt, random::nextDouble)).isBetween(0L, 60_000L);
                    }
                }
            }
        }
    }

    @Test
    void withoutJitterExponentialDoublesUntilTheCap() {
        RetryPolicy p = RetryPolicy.DEFAULTS.withJitter(false);
        List<Long> delays = new ArrayList<>();
        for (int attempt = 1; attempt <= 10; attempt++) {
            delays.add(p.delayForAttempt(attempt, NEVER));
        }
        assertThat(delays).containsExactly(1000L, 2000L, 4000L, 8000L, 16_000L, 32_000L, 60_000L, 60_000L, 60_000L,
                60_000L);
        assertThat(p.delayForAttempt(Integer.MAX_VALUE, NEVER)).isEqualTo(60_000L); // no overflow
    }

    @Test
    void withoutJitterLinearAndFixedGrowAsNamed() {
        RetryPolicy linear = RetryPolicy.DEFAULTS.withJitter(false).withStrategy(Strategy.LINEAR).withDelays(1500, 10_000);
        assertThat(List.of(1, 2, 3, 6, 7, 1_000_000).stream().map(a -> linear.delayForAttempt(a, NEVER)))
                .containsExactly(1500L, 3000L, 4500L, 9000L, 10_000L, 10_000L);
        RetryPolicy fixed = RetryPolicy.DEFAULTS.withJitter(false).withStrategy(Strategy.FIXED).withDelays(750, 10_000);
        assertThat(List.of(1, 2, 50).stream().map(a -> fixed.delayForAttempt(a, NEVER)))
                .containsExactly(750L, 750L, 750L);
        assertThat(fixed.withDelays(20_000, 10_000).delayForAttempt(1, NEVER)).isEqualTo(10_000L);
    }

    @Test
    void fullJitterSpreadsUniformlyOverZeroToTheComputedDelay() {
        RetryPolicy p = RetryPolicy.DEFAULTS; // attempt 4: 8000 ms before jitter
        assertThat(p.delayForAttempt(4, () -> 0.0)).isZero();
        assertThat(p.delayForAttempt(4, () -> 0.5)).isEqualTo(4000);
        assertThat(p.delayForAttempt(4, () -> 0.999_999_9)).isEqualTo(8000);
        Random random = new Random(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        long sum = 0;
        int[] buckets = new int[8];
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            long d = p.delayForAttempt(4, random::nextDouble);
            assertThat(d).isBetween(0L, 8000L);
            min = Math.min(min, d);
            max = Math.max(max, d);
            sum += d;
            buckets[(int) Math.min(7, d / 1000)]++;
        }
        assertThat(min).isLessThan(100);
        assertThat(max).isGreaterThan(7900);
        assertThat(sum / (double) n).isBetween(3850.0, 4150.0);
        for (int b : buckets) {
            assertThat(b).isBetween(n / 8 - 400, n / 8 + 400); // every eighth of the range about equally often
        }
        // jitter applies after the cap: attempt 30 spreads over [0, 60000]
        assertThat(p.delayForAttempt(30, () -> 0.25)).isEqualTo(15_000);
    }

    @Test
    void permanentAndCancelledAreNeverRetriedAndPluginOnlyWhenConfigured() {
        RetryPolicy p = RetryPolicy.DEFAULTS;
        assertThat(p.retries(ErrorCategory.TRANSIENT)).isTrue();
        assertThat(p.retries(ErrorCategory.RESOURCE)).isTrue();
        assertThat(p.retries(ErrorCategory.TIMEOUT)).isTrue();
        assertThat(p.retries(ErrorCategory.PLUGIN)).isFalse();
        assertThat(p.retries(ErrorCategory.PERMANENT)).isFalse();
        assertThat(p.retries(ErrorCategory.CANCELLED)).isFalse();

        RetryPolicy withPlugin = p.withRetryOn(EnumSet.of(ErrorCategory.TRANSIENT, ErrorCategory.PLUGIN));
        assertThat(withPlugin.retries(ErrorCategory.PLUGIN)).isTrue();
        assertThat(withPlugin.retries(ErrorCategory.TIMEOUT)).isFalse();
        assertThat(withPlugin.retries(DevRigError.of("PLUGIN_ERROR", ErrorCategory.PLUGIN, "boom"))).isTrue();

        // even an error that claims to be retryable is not retried in a never-retried category
        assertThat(p.retries(DevRigError.of("BAD", ErrorCategory.PERMANENT, "no").withRetryable(true))).isFalse();
        assertThat(p.retries(DevRigError.of("STOP", ErrorCategory.CANCELLED, "user").withRetryable(true))).isFalse();
        // and an error that says retrying is useless is believed
        assertThat(p.retries(DevRigError.of("HTTP_410", ErrorCategory.TRANSIENT, "gone").withRetryable(false))).isFalse();

        assertThatThrownBy(() -> p.withRetryOn(EnumSet.of(ErrorCategory.PERMANENT)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("permanent errors are never retried");
        assertThatThrownBy(() -> p.withRetryOn(EnumSet.of(ErrorCategory.TRANSIENT, ErrorCategory.CANCELLED)))
                .hasMessageContaining("cancelled errors are never retried");
        assertThat(p.withRetryOn(Set.of()).retries(ErrorCategory.TRANSIENT)).isFalse();
    }

    @Test
    void invalidPoliciesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RetryPolicy.DEFAULTS.withDelays(-1, 10)).hasMessageContaining("baseDelayMs");
        assertThatThrownBy(() -> RetryPolicy.DEFAULTS.withDelays(1, -10)).hasMessageContaining("maxDelayMs");
        assertThatThrownBy(() -> RetryPolicy.DEFAULTS.withMaxAttempts(0)).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> RetryPolicy.DEFAULTS.delayForAttempt(0, () -> 0.5)).hasMessageContaining("start at 1");
        assertThat(Strategy.fromWireName(" Linear ")).isEqualTo(Strategy.LINEAR);
        assertThatThrownBy(() -> Strategy.fromWireName("fibonacci")).hasMessageContaining("fixed, linear, exponential");
    }
}
