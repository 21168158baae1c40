package io.devrig.plugin.internal.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginCallStats.BreakerState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InvokerTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T08:00:00Z"));
    final InvokerSettings settings = new InvokerSettings(Duration.ofMillis(300), Map.of("slowpoke", Duration.ofMillis(50)),
            2, BreakerSettings.DEFAULTS);
    final Invoker invoker = new Invoker(settings, now::get);
    final AtomicBoolean spin = new AtomicBoolean(true);

    @AfterEach
    void tearDown() {
        spin.set(false);
        invoker.close();
    }

    static DevRigException devrigError(Runnable r) {
        try {
            r.run();
        } catch (DevRigException e) {
            return e;
        }
        throw new AssertionError("expected a DevRigException");
    }

    @Test
    void aGoodCallReturnsItsResultOnThePluginsOwnThreadAndIsCounted() {
        String thread = invoker.invoke("good", "sync", () -> Thread.currentThread().getName());
        assertThat(thread).startsWith("devrig-plugin-good-");
        PluginCallStats stats = invoker.stats("good");
        assertThat(stats.executionCount()).isEqualTo(1);
        assertThat(stats.failureCount()).isZero();
        assertThat(stats.lastExecutedAt()).isEqualTo(now.get());
        assertThat(stats.breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(stats.degraded()).isFalse();
    }

    @Test
    void aThrowingPluginBecomesAPluginErrorWithItsExceptionAsCause() {
        IOException boom = new IOException("upstream said no");
        DevRigException e = devrigError(() -> invoker.invoke("thrower", "action github.merge_pr", () -> {
            throw boom;
        }));
        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_ERROR);
        assertThat(e.category()).isEqualTo(ErrorCategory.PLUGIN);
        assertThat(e.getMessage()).contains("plugin thrower failed in action github.merge_pr",
                "java.io.IOException: upstream said no");
        assertThat(e.getCause()).isSameAs(boom);
        assertThat(invoker.stats("thrower").failureCount()).isEqualTo(1);
        assertThat(invoker.stats("thrower").lastError()).startsWith("PLUGIN_ERROR: plugin thrower failed");
    }

    @Test
    void aLongMessageIsBoundedButKeepsItsEndWhereTheGuardNamesTheCallSite() {
        String site = "(at com.acme.Scan.run(Scan.java:42))";
        SecurityException refused = new SecurityException("plugin long may not read /" + "deep/".repeat(200) + "db " + site);
        DevRigException e = devrigError(() -> invoker.invoke("long", "action acme.scan", () -> {
            throw refused;
        }));
        assertThat(e.getMessage()).contains("java.lang.SecurityException: plugin long may not read /deep/", " … ")
                .endsWith(site);
        assertThat(e.getMessage().length()).isLessThan(600);
    }

    @Test
    void aDevRigErrorFromThePluginPassesThroughUnchanged() {
        DevRigException own = new DevRigException("GITHUB_RATE_LIMITED", ErrorCategory.TRANSIENT, "slow down");
        assertThatThrownBy(() -> invoker.invoke("p", "sync", () -> {
            throw own;
        })).isSameAs(own);
        assertThat(invoker.stats("p").failureCount()).isEqualTo(1);
    }

    @Test
    void aHangingCallIsCancelledAtItsTimeLimit() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        long start = System.nanoTime();
        DevRigException e = devrigError(() -> invoker.invoke("hanger", "sync", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException cancelled) {
                interrupted.countDown();
            }
            return null;
        }));
        assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_TIMEOUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("within 300 ms", "cancelled");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the plugin's thread was interrupted").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void perPluginTimeLimitsApply() {
        DevRigException e = devrigError(() -> invoker.invoke("slowpoke", "sync", () -> {
            Thread.sleep(5_000);
            return null;
        }));
        assertThat(e.getMessage()).contains("within 50 ms");
    }

    @Test
    void aSpinningPluginUsesUpOnlyItsOwnThreadsAndOthersKeepWorking() {
        // two calls that ignore interruption take both of the spinner's threads
        for (int i = 0; i < 2; i++) {
            DevRigException e = devrigError(() -> invoker.invoke("spinner", "sync", () -> {
                while (spin.get()) {
                    Thread.onSpinWait();
                }
                return null;
            }));
            assertThat(e.code()).isEqualTo(ErrorCodes.PLUGIN_TIMEOUT);
        }
        DevRigException busy = devrigError(() -> invoker.invoke("spinner", "sync", () -> "never runs"));
        assertThat(busy.code()).isEqualTo(ErrorCodes.PLUGIN_BUSY);
        assertThat(busy.category()).isEqualTo(ErrorCategory.RESOURCE);
        // the engine and the other plugins are unaffected
        for (int i = 0; i < 20; i++) {
            assertThat(invoker.invoke("good", "sync", () -> 42)).isEqualTo(42);
        }
    }

    @Test
    void theBreakerOpensAfterTenFailuresAndRefusesWithoutCallingThePlugin() {
        AtomicInteger calls = new AtomicInteger();
        for (int i = 0; i < 10; i++) {
            devrigError(() -> invoker.invoke("flaky", "sync", () -> {
                calls.incrementAndGet();
                throw new IllegalStateException("down");
            }));
        }
        assertThat(invoker.stats("flaky").breaker()).isEqualTo(BreakerState.OPEN);
        DevRigException open = devrigError(() -> invoker.invoke("flaky", "sync", () -> {
            calls.incrementAndGet();
            return "ok";
        }));
        assertThat(open.code()).isEqualTo(ErrorCodes.PLUGIN_CIRCUIT_OPEN);
        assertThat(open.error().details()).containsEntry("retryAfterMs", 60_000L).containsEntry("pluginId", "flaky");
        assertThat(open.getMessage()).contains("degraded", "retry in 60000 ms");
        assertThat(calls.get()).as("the open breaker did not call the plugin").isEqualTo(10);
        assertThat(invoker.stats("flaky").degraded()).isTrue();
        assertThat(invoker.stats("flaky").executionCount()).isEqualTo(10);

        now.set(now.get().plusSeconds(20));
        assertThat(invoker.stats("flaky").retryAfterMs()).isEqualTo(40_000);
        // other plugins are not affected by one plugin's breaker
        assertThat(invoker.invoke("good", "sync", () -> "fine")).isEqualTo("fine");
    }

    @Test
    void halfOpenLetsTwoTrialsThroughAndTwoSuccessesClose() {
        openBreaker("flaky");
        now.set(now.get().plusSeconds(60));
        assertThat(invoker.stats("flaky").breaker()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(invoker.invoke("flaky", "sync", () -> "trial 1")).isEqualTo("trial 1");
        assertThat(invoker.stats("flaky").breaker()).isEqualTo(BreakerState.HALF_OPEN);
        assertThat(invoker.invoke("flaky", "sync", () -> "trial 2")).isEqualTo("trial 2");
        assertThat(invoker.stats("flaky").breaker()).isEqualTo(BreakerState.CLOSED);
    }

    @Test
    void aFailedTrialOpensTheBreakerAgain() {
        openBreaker("flaky");
        now.set(now.get().plusSeconds(61));
        devrigError(() -> invoker.invoke("flaky", "sync", () -> {
            throw new IllegalStateException("still down");
        }));
        assertThat(invoker.stats("flaky").breaker()).isEqualTo(BreakerState.OPEN);
        assertThat(invoker.stats("flaky").retryAfterMs()).isEqualTo(60_000);
    }

    @Test
    void halfOpenAllowsOnlyTwoTrialsAtOnce() throws Exception {
        openBreaker("flaky");
        now.set(now.get().plusSeconds(60));
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> trials = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                trials.add(callers.submit(() -> invoker.invoke("flaky", "sync", Duration.ofSeconds(10), () -> {
                    inside.countDown();
                    release.await(10, TimeUnit.SECONDS);
                    return "trial";
                })));
            }
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
            DevRigException third = devrigError(() -> invoker.invoke("flaky", "sync", () -> "third"));
            assertThat(third.code()).isEqualTo(ErrorCodes.PLUGIN_CIRCUIT_OPEN);
            release.countDown();
            for (Future<String> trial : trials) {
                assertThat(trial.get(10, TimeUnit.SECONDS)).isEqualTo("trial");
            }
            assertThat(invoker.stats("flaky").breaker()).isEqualTo(BreakerState.CLOSED);
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void successesResetTheConsecutiveFailureCount() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 9; i++) {
                devrigError(() -> invoker.invoke("wobbly", "sync", () -> {
                    throw new IllegalStateException("x");
                }));
            }
            invoker.invoke("wobbly", "sync", () -> "ok");
        }
        assertThat(invoker.stats("wobbly").breaker()).isEqualTo(BreakerState.CLOSED);
        assertThat(invoker.stats("wobbly").failureCount()).isEqualTo(27);
    }

    @Test
    void aCancelledCallerIsNotCountedAgainstThePlugin() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<DevRigException> seen = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                invoker.invoke("p", "sync", Duration.ofSeconds(30), () -> {
                    started.countDown();
                    Thread.sleep(30_000);
                    return null;
                });
            } catch (DevRigException e) {
                seen.set(e);
            }
        });
        caller.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(5_000);
        assertThat(seen.get().code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(invoker.stats("p").failureCount()).isZero();
    }

    @Test
    void forgettingAPluginInterruptsItsRunningCallsAndResetsItsCounters() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            try {
                invoker.invoke("old", "sync", Duration.ofSeconds(30), () -> {
                    started.countDown();
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        interrupted.countDown();
                    }
                    return null;
                });
            } catch (DevRigException expected) {
                // the call ends one way or another; it never hangs
            }
        });
        caller.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        invoker.forget("old");
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        caller.join(5_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(invoker.stats("old").executionCount()).isZero();
    }

    @Test
    void backToBackCallsNeverFindThePluginBusy() {
        // a thread that has just finished must count as free again (no spurious PLUGIN_BUSY)
        try (Invoker single = new Invoker(new InvokerSettings(Duration.ofSeconds(5), Map.of(), 1,
                BreakerSettings.DEFAULTS), now::get)) {
            for (int i = 0; i < 5_000; i++) {
                int x = i;
                assertThat(single.invoke("quick", "op", () -> x + 1)).isEqualTo(x + 1);
            }
            assertThat(single.stats("quick").failureCount()).isZero();
        }
    }

    @Test
    void cancellingCallsEndsTheOnesInFlightAndKeepsTheCounters() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                outcome.set(invoker.invoke("replaced", "sync", Duration.ofSeconds(30), () -> {
                    started.countDown();
                    try {
                        Thread.sleep(30_000);
                        return "slept";
                    } catch (InterruptedException e) {
                        return "interrupted";
                    }
                }));
            } catch (DevRigException e) {
                outcome.set(e.code());
            }
        });
        caller.start();
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        invoker.cancelCalls("replaced");
        caller.join(5_000);
        assertThat(caller.isAlive()).as("the call in flight never hangs").isFalse();
        assertThat(outcome.get()).isEqualTo("interrupted");
        assertThat(invoker.stats("replaced").executionCount()).isEqualTo(1);
        assertThat(invoker.invoke("replaced", "sync", () -> "new code")).isEqualTo("new code");
    }

    @Test
    void unknownPluginsHaveEmptyStats() {
        PluginCallStats stats = invoker.stats("nobody");
        assertThat(stats.executionCount()).isZero();
        assertThat(stats.lastExecutedAt()).isNull();
        assertThat(stats.breaker()).isEqualTo(BreakerState.CLOSED);
    }

    private void openBreaker(String plugin) {
        for (int i = 0; i < 10; i++) {
            devrigError(() -> invoker.invoke(plugin, "sync", () -> {
                throw new IllegalStateException("down");
            }));
        }
        assertThat(invoker.stats(plugin).breaker()).isEqualTo(BreakerState.OPEN);
    }
}
