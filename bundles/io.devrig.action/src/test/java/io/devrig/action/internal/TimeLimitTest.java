package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static io.devrig.action.internal.Fixtures.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.error.ErrorCategory;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeLimitTest {

    private final ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, () -> null);
    private final TestActionContext ctx = new TestActionContext();

    @AfterEach
    void close() {
        Thread.interrupted();
        registry.close();
    }

    private void publish(String type, TestExecutor.Body body) {
        registry.addExecutor(new TestExecutor(ActionDescriptor.of(type, null, null, null, null), body), null, null, 0,
                Fixtures.IDS.incrementAndGet(), "test");
    }

    @Test
    void builtInThatSleepsIsInterruptedAtItsLimit() throws Exception {
        publish("x.sleep", (i, c) -> {
            Thread.sleep(60_000);
            return "woke";
        });
        long start = System.nanoTime();
        ActionOutcome o = registry.execute(call("x.sleep", Map.of("a", 1), Map.of(), ctx, Duration.ofMillis(200)));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_TIMEOUT);
        assertThat(o.error().category()).isEqualTo(ErrorCategory.TIMEOUT);
        assertThat(o.error().retryable()).isTrue();
        assertThat(o.error().message()).contains("200 ms");
        assertThat(o.input()).isEqualTo(Map.of("a", 1));
        assertThat(tookMs).isGreaterThanOrEqualTo(190).isLessThan(10_000); // interrupted, not slept out
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        Thread.sleep(20); // and no late interrupt arrives afterwards
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void interruptNeverLeaksAfterACallThatIgnoredIt() throws Exception {
        // spins past its limit without looking at the interrupt, then returns normally
        publish("x.spin", (i, c) -> {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
            return "done";
        });
        ActionOutcome o = registry.execute(call("x.spin", Map.of(), Map.of(), ctx, Duration.ofMillis(30)));
        assertThat(o.succeeded()).isTrue(); // it did finish: its result is kept
        assertThat(o.output()).isEqualTo("done");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        Thread.sleep(10);
    }

    @Test
    void fastCallsLeaveNoInterruptBehind() throws Exception {
        publish("x.fast", (i, c) -> "ok");
        for (int i = 0; i < 2_000; i++) {
            ActionOutcome o = registry.execute(call("x.fast", Map.of(), Map.of(), ctx, Duration.ofNanos(20_000)));
            assertThat(Thread.interrupted()).as("interrupt flag after call %d", i).isFalse();
            assertThat(o.succeeded()).isTrue();
        }
    }

    @Test
    void cancellationInterruptsAndKeepsTheFlag() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        publish("x.wait", (i, c) -> {
            started.countDown();
            Thread.sleep(60_000);
            return null;
        });
        AtomicReference<ActionOutcome> outcome = new AtomicReference<>();
        AtomicReference<Boolean> flagAfter = new AtomicReference<>();
        Thread worker = new Thread(() -> {
            outcome.set(registry.execute(call("x.wait", Map.of(), Map.of(), ctx, Duration.ofSeconds(30))));
            flagAfter.set(Thread.currentThread().isInterrupted());
        });
        worker.start();
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        ctx.cancel();
        worker.interrupt(); // what the engine does when a run is cancelled
        worker.join(10_000);
        assertThat(worker.isAlive()).isFalse();
        assertThat(outcome.get().error().code()).isEqualTo(ActionErrors.ACTION_CANCELLED);
        assertThat(outcome.get().error().category()).isEqualTo(ErrorCategory.CANCELLED);
        assertThat(outcome.get().error().retryable()).isFalse();
        assertThat(flagAfter.get()).isTrue(); // the canceller's interrupt is restored for the engine
    }

    @Test
    void alreadyCancelledCallIsNotStarted() {
        TestExecutor e = new TestExecutor(ActionDescriptor.of("x.never", null, null, null, null), (i, c) -> "ran");
        registry.addExecutor(e, null, null, 0, Fixtures.IDS.incrementAndGet(), "test");
        ctx.cancel();
        ActionOutcome o = registry.execute(call("x.never", Map.of(), ctx));
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_CANCELLED);
        assertThat(e.executions()).hasValue(0);
    }

    @Test
    void interruptedExceptionWithoutCancellationIsAFailure() {
        publish("x.odd", (i, c) -> {
            throw new InterruptedException("internal");
        });
        ActionOutcome o = registry.execute(call("x.odd", Map.of(), ctx));
        assertThat(o.error().code()).isEqualTo(ActionErrors.ACTION_FAILED);
        assertThat(o.error().message()).isEqualTo("InterruptedException: internal");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
}
