package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.testing.TestExecutor;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Executors the loop runs through the real registry ({@link TestRegistry}). */
final class TestActions {

    private TestActions() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> in(Object input) {
        return (Map<String, Object>) input;
    }

    static int intOf(Object value) {
        return ((Number) value).intValue();
    }

    /** {@code test.double}: {"n": 3} gives {"doubled": 6}; its threads() are those it ran on. */
    static TestExecutor doubler() {
        return TestExecutor.builder("test.double").name("Double")
                .body((input, context) -> Map.of("doubled", intOf(in(input).get("n")) * 2)).build();
    }

    /**
     * {@code test.fail}: {"i": index, "sleep"?: ms} fails with TEST_BOOM (transient) for the
     * configured indexes, after sleeping; remembers which indexes started and completed.
     */
    static final class Failer implements ActionExecutor {
        final Set<Integer> failOn;
        final Set<Integer> started = ConcurrentHashMap.newKeySet();
        final Set<Integer> completed = ConcurrentHashMap.newKeySet();
        final AtomicInteger interrupted = new AtomicInteger();

        Failer(Integer... failOn) {
            this.failOn = Set.of(failOn);
        }

        @Override
        public ActionDescriptor descriptor() {
            return ActionDescriptor.of("test.fail", "Fail", "", null, null);
        }

        @Override
        public Object execute(Object input, ActionContext context) throws InterruptedException {
            int i = intOf(in(input).get("i"));
            started.add(i);
            Object sleep = in(input).get("sleep");
            if (sleep != null && !failOn.contains(i)) {
                try {
                    Thread.sleep(intOf(sleep));
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                }
            }
            if (failOn.contains(i)) {
                throw new DevRigException(new DevRigError("TEST_BOOM", ErrorCategory.TRANSIENT, "boom at " + i,
                        Map.of("why", "test"), true, null, null, Instant.now()));
            }
            completed.add(i);
            return Map.of("ok", i);
        }
    }

    /**
     * {@code test.sleep}: {"ms": n} sleeps in 10 ms slices, stopping with CANCELLED when
     * interrupted or cancelled; counts how many run at once.
     */
    static final class Sleeper implements ActionExecutor {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final AtomicInteger startedCount = new AtomicInteger();
        final AtomicInteger interrupted = new AtomicInteger();
        final AtomicInteger cancelledSeen = new AtomicInteger();
        final CountDownLatch started;
        final CountDownLatch stopped;

        Sleeper(int awaitStarts) {
            this.started = new CountDownLatch(awaitStarts);
            this.stopped = new CountDownLatch(awaitStarts);
        }

        @Override
        public ActionDescriptor descriptor() {
            return ActionDescriptor.of("test.sleep", "Sleep", "", null, null);
        }

        @Override
        public Object execute(Object input, ActionContext context) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            startedCount.incrementAndGet();
            started.countDown();
            try {
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(intOf(in(input).get("ms")));
                while (System.nanoTime() < end) {
                    if (context.cancelled()) {
                        cancelledSeen.incrementAndGet();
                        stopped.countDown();
                        throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "sleep cancelled");
                    }
                    try {
                        Thread.sleep(Math.max(1, Math.min(10, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                    } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                        stopped.countDown();
                        Thread.currentThread().interrupt();
                        throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "sleep interrupted");
                    }
                }
                return Map.of("slept", in(input).get("ms"));
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /**
     * {@code test.gate}: the first {@code parties} calls wait for each other (so reaching
     * that many at once is proven, not hoped for), later calls pass; counts how many run at once.
     */
    static final class Gate implements ActionExecutor {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        final CountDownLatch all;

        Gate(int parties) {
            this.all = new CountDownLatch(parties);
        }

        @Override
        public ActionDescriptor descriptor() {
            return ActionDescriptor.of("test.gate", "Gate", "", null, null);
        }

        @Override
        public Object execute(Object input, ActionContext context) throws InterruptedException {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            try {
                all.countDown();
                if (!all.await(10, TimeUnit.SECONDS)) {
                    throw new DevRigException("TEST_GATE", ErrorCategory.PERMANENT, "too few calls ran at once");
                }
                Thread.sleep(5);
                return in(input).get("i");
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    /** {@code test.record}: returns its input, logs "recorded"; its contexts() are those it was called with. */
    static TestExecutor recorder() {
        return TestExecutor.builder("test.record").name("Record").body((input, context) -> {
            context.log(ActionContext.LogLevel.INFO, "recorded");
            return input;
        }).build();
    }

    /** {@code test.effect}: an action with side effects; its executions() are the real ones. */
    static TestExecutor effect() {
        return TestExecutor.builder("test.effect").name("Effect").sideEffects(true)
                .body((input, context) -> Map.of("done", true)).build();
    }
}
