package io.devrig.action.flow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.testing.TestActionContext;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * flow.delay. Time bounds are loose on purpose (seconds of slack against a wait of a
 * minute): they prove "stopped early" or "did not stop early", not a precise duration.
 */
class DelayActionTest {

    private final DelayAction delay = new DelayAction();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void waitsTheRequestedMilliseconds() {
        long start = System.nanoTime();
        Object output = delay.execute(Map.of("ms", 150), new TestActionContext());
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        long waited = ((Number) TestActions.in(output).get("waitedMs")).longValue();
        assertThat(waited).isGreaterThanOrEqualTo(150).isLessThanOrEqualTo(elapsedMs);
        assertThat(elapsedMs).isLessThan(30_000);
    }

    @Test
    void aDryRunDoesNotWaitButSaysHowLongItWould() {
        long start = System.nanoTime();
        Object output = delay.execute(Map.of("ms", 60_000),
                new TestActionContext().deadlineIn(Duration.ofMinutes(5)).dryRun(true));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        assertThat(output).isEqualTo(Map.of("waitedMs", 0L, "wouldWaitMs", 60_000L));
    }

    @Test
    void zeroWaitsNothing() {
        Object output = delay.execute(Map.of("ms", 0), new TestActionContext());
        assertThat(((Number) TestActions.in(output).get("waitedMs")).longValue()).isLessThan(1_000);
    }

    @Test
    void waitsUntilAnInstant() {
        Instant until = Instant.now().plusMillis(200);
        Object output = delay.execute(Map.of("until", until.toString()), new TestActionContext());

        assertThat(Instant.now()).isAfterOrEqualTo(until);
        assertThat(((Number) TestActions.in(output).get("waitedMs")).longValue()).isGreaterThanOrEqualTo(150);
    }

    @Test
    void anInstantWithAnOffsetIsAccepted() {
        String until = java.time.OffsetDateTime.now(java.time.ZoneOffset.ofHours(2)).plusNanos(100_000_000).toString();
        Object output = delay.execute(Map.of("until", until), new TestActionContext());
        assertThat(TestActions.in(output)).containsKey("waitedMs");
    }

    @Test
    void anInstantInThePastDoesNotWait() {
        Object output = delay.execute(Map.of("until", "2020-01-01T00:00:00Z"), new TestActionContext());
        assertThat(((Number) TestActions.in(output).get("waitedMs")).longValue()).isLessThan(1_000);
    }

    @Test
    void cancellingStopsTheWaitPromptly() {
        TestActionContext context = new TestActionContext();
        timer.schedule(context::cancel, 100, TimeUnit.MILLISECONDS);

        long start = System.nanoTime();
        DevRigException e = catchThrowableOfType(DevRigException.class,
                () -> delay.execute(Map.of("ms", 60_000), context));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(e.category()).isEqualTo(ErrorCategory.CANCELLED);
        assertThat(e.retryable()).isFalse();
        // cancelled() alone (no interrupt) is seen within a 100 ms slice, far below the minute asked for
        assertThat(elapsedMs).isLessThan(10_000);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aContextCancelledBeforehandStopsAtOnce() {
        TestActionContext context = new TestActionContext();
        context.cancel();
        DevRigException e = catchThrowableOfType(DevRigException.class, () -> delay.execute(Map.of("ms", 0), context));
        assertThat(e.code()).isEqualTo(ErrorCodes.CANCELLED);
    }

    @Test
    void anInterruptStopsTheWaitAndKeepsTheInterruptFlag() throws Exception {
        AtomicReference<DevRigException> error = new AtomicReference<>();
        AtomicBoolean flagAfter = new AtomicBoolean();
        Thread worker = new Thread(() -> {
            try {
                delay.execute(Map.of("ms", 60_000), new TestActionContext());
            } catch (DevRigException e) {
                error.set(e);
                flagAfter.set(Thread.currentThread().isInterrupted());
            }
        });
        worker.start();
        Thread.sleep(100);
        worker.interrupt();
        worker.join(10_000);

        assertThat(worker.isAlive()).isFalse();
        assertThat(error.get().code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(error.get().category()).isEqualTo(ErrorCategory.CANCELLED);
        assertThat(flagAfter.get()).isTrue();
    }

    @Test
    void aWaitEndingAfterTheDeadlineWaitsUntilTheDeadlineAndTimesOut() {
        TestActionContext context = new TestActionContext().deadlineIn(Duration.ofMillis(300));
        Instant deadline = context.deadline();

        DevRigException e = catchThrowableOfType(DevRigException.class,
                () -> delay.execute(Map.of("ms", 60_000), context));

        // not silently shortened: it failed, and only once the deadline had come
        assertThat(Instant.now()).isAfterOrEqualTo(deadline);
        assertThat(e.code()).isEqualTo(ErrorCodes.TIMEOUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
    }

    @Test
    void aWaitEndingBeforeTheDeadlineSucceeds() {
        Object output = delay.execute(Map.of("ms", 50), new TestActionContext().deadlineIn(Duration.ofSeconds(30)));
        assertThat(((Number) TestActions.in(output).get("waitedMs")).longValue()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void badInputNamesThePath() {
        assertInvalid(Map.of(), "$: give exactly one of 'ms' and 'until'");
        assertInvalid(Map.of("ms", 1, "until", "2030-01-01T00:00:00Z"), "$: give exactly one of 'ms' and 'until'");
        assertInvalid(Map.of("ms", -1), "$.ms: must be an integer from 0 to 3600000, got -1");
        assertInvalid(Map.of("ms", 3_600_001), "$.ms: must be an integer from 0 to 3600000, got 3600001");
        assertInvalid(Map.of("ms", 1.5), "$.ms: must be an integer");
        assertInvalid(Map.of("ms", "100"), "$.ms: must be an integer from 0 to 3600000, got a string");
        assertInvalid(Map.of("until", "tomorrow"), "$.until: must be an ISO-8601 instant");
        assertInvalid(Map.of("until", 5), "$.until: must be a string");
        assertInvalid(Map.of("until", Instant.now().plus(Duration.ofHours(2)).toString()),
                "$.until: must be at most one hour");
        assertInvalid(Map.of("seconds", 5), "$.seconds: unknown property");
        assertInvalid("5", "$: must be a JSON object, got a string");
        Map<String, Object> nullMs = new HashMap<>();
        nullMs.put("ms", null);
        assertInvalid(nullMs, "$.ms: must be an integer from 0 to 3600000, got null");
    }

    @Test
    void anIntegralDoubleIsAnInteger() {
        Object output = delay.execute(Map.of("ms", 5.0), new TestActionContext());
        assertThat(TestActions.in(output)).containsKey("waitedMs");
    }

    private void assertInvalid(Object input, String messageStart) {
        DevRigException e = catchThrowableOfType(DevRigException.class,
                () -> delay.execute(input, new TestActionContext()));
        assertThat(e).as("input %s", input).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).startsWith(messageStart);
    }
}
