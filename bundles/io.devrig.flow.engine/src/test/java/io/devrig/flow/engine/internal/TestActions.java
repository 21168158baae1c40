package io.devrig.flow.engine.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Real executors the engine tests run; they record what happened to them. */
final class TestActions {

    /** Idempotency keys of every execution of test.side (side effects). */
    final List<String> sideEffects = new CopyOnWriteArrayList<>();
    /** Attempts seen per idempotency key. */
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicInteger concurrent = new AtomicInteger();
    final AtomicInteger maxConcurrent = new AtomicInteger();
    final List<String> interrupted = new CopyOnWriteArrayList<>();
    /** Latches test.block waits on, by name (created on first use). */
    final Map<String, java.util.concurrent.CountDownLatch> latches = new ConcurrentHashMap<>();
    /** Node ids of test.block calls waiting on their latch now. */
    final java.util.Set<String> blocked = ConcurrentHashMap.newKeySet();

    List<ActionExecutor> all() {
        return List.of(noop(), echo(), flaky(), fail(), sleep(), side(), upsert(), block(), untilDeadline(), thread());
    }

    /** Returns the name of the thread it ran on. */
    ActionExecutor thread() {
        return executor(ActionDescriptor.of("test.thread", "Thread", "names its thread", null, null),
                (in, ctx) -> Map.of("thread", Thread.currentThread().getName()));
    }

    private static ActionExecutor executor(ActionDescriptor d, Body body) {
        return new ActionExecutor() {
            @Override
            public ActionDescriptor descriptor() {
                return d;
            }

            @Override
            public Object execute(Object input, ActionContext context) throws Exception {
                return body.run(input, context);
            }
        };
    }

    @FunctionalInterface
    interface Body {
        Object run(Object input, ActionContext context) throws Exception;
    }

    ActionExecutor noop() {
        return executor(ActionDescriptor.of("test.noop", "No-op", "does nothing", null, null),
                (in, ctx) -> Map.of("ok", true));
    }

    ActionExecutor echo() {
        return executor(ActionDescriptor.of("test.echo", "Echo", "returns its input", null, null), (in, ctx) -> in);
    }

    /** Fails (retryable) until attempt {@code succeedOn}. */
    ActionExecutor flaky() {
        return executor(ActionDescriptor.of("test.flaky", "Flaky", "fails until an attempt", """
                {"type":"object","properties":{"succeedOn":{"type":"integer"}},"required":["succeedOn"]}""", null),
                (in, ctx) -> {
                    calls.computeIfAbsent(ctx.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
                    int succeedOn = ((Number) ((Map<?, ?>) in).get("succeedOn")).intValue();
                    if (ctx.attempt() < succeedOn) {
                        throw new DevRigException("TEST_FLAKY", ErrorCategory.TRANSIENT, "attempt " + ctx.attempt()
                                + " fails");
                    }
                    return Map.of("attempt", ctx.attempt());
                });
    }

    /** Always fails; {@code retryable} (default true) picks the category. */
    ActionExecutor fail() {
        return executor(ActionDescriptor.of("test.fail", "Fail", "always fails", null, null), (in, ctx) -> {
            calls.computeIfAbsent(ctx.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            boolean retryable = !Boolean.FALSE.equals(((Map<?, ?>) in).get("retryable"));
            throw new DevRigException("TEST_FAIL", retryable ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT,
                    "this action always fails");
        });
    }

    /** Sleeps {@code ms}, counting how many run at once; returns {@code value}. */
    ActionExecutor sleep() {
        return executor(ActionDescriptor.of("test.sleep", "Sleep", "sleeps", null, null), (in, ctx) -> {
            Map<?, ?> m = (Map<?, ?>) in;
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                Thread.sleep(((Number) m.get("ms")).longValue());
            } catch (InterruptedException e) {
                interrupted.add(ctx.nodeId());
                Thread.currentThread().interrupt();
                throw e;
            } finally {
                concurrent.decrementAndGet();
            }
            return Map.of("value", String.valueOf(m.get("value")));
        });
    }

    /** Has side effects: records its idempotency key. */
    ActionExecutor side() {
        return executor(ActionDescriptor.of("test.side", "Side effect", "changes the world", null, null)
                .withSideEffects(true), (in, ctx) -> {
                    sideEffects.add(ctx.idempotencyKey());
                    return Map.of("done", true);
                });
    }

    /** Keyed upserts (idempotency key → calls), as {@code notify.inbox}'s items. */
    final Map<String, java.util.concurrent.atomic.AtomicInteger> upserts = new java.util.concurrent.ConcurrentHashMap<>();

    /** Has idempotent side effects: upserts one entry per idempotency key, counting the calls. */
    ActionExecutor upsert() {
        return executor(ActionDescriptor.of("test.upsert", "Upsert", "writes one entry per key", null, null)
                .withSideEffects(true).withIdempotent(true), (in, ctx) -> {
                    int calls = upserts.computeIfAbsent(ctx.idempotencyKey(),
                            k -> new java.util.concurrent.atomic.AtomicInteger()).incrementAndGet();
                    return Map.of("created", calls == 1);
                });
    }

    java.util.concurrent.CountDownLatch latch(String name) {
        return latches.computeIfAbsent(name, k -> new java.util.concurrent.CountDownLatch(1));
    }

    /** Waits (at most 30 s) until the latch named {@code latch} is released; records an interrupt. */
    ActionExecutor block() {
        return executor(ActionDescriptor.of("test.block", "Block", "waits on a latch", null, null), (in, ctx) -> {
            String name = String.valueOf(((Map<?, ?>) in).get("latch"));
            blocked.add(ctx.nodeId());
            try {
                if (!latch(name).await(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    throw new IllegalStateException("latch " + name + " was never released");
                }
            } catch (InterruptedException e) {
                interrupted.add(ctx.nodeId());
                Thread.currentThread().interrupt();
                throw e;
            } finally {
                blocked.remove(ctx.nodeId());
            }
            return Map.of("released", name);
        });
    }

    /**
     * Waits for its stop like the built-in flow actions do (io.devrig.action.flow Stops): it
     * polls interrupt, {@code cancelled()} and the deadline, and then throws {@code TIMEOUT}
     * when the deadline has passed, else {@code CANCELLED}.
     */
    ActionExecutor untilDeadline() {
        return executor(ActionDescriptor.of("test.until-deadline", "Until deadline", "waits for its deadline", null,
                null), (in, ctx) -> {
                    boolean interrupted = false;
                    while (!interrupted && !ctx.cancelled() && java.time.Instant.now().isBefore(ctx.deadline())) {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                    }
                    if (!java.time.Instant.now().isBefore(ctx.deadline())) {
                        throw new DevRigException("TIMEOUT", ErrorCategory.TIMEOUT, "reached the node's deadline");
                    }
                    throw new DevRigException("CANCELLED", ErrorCategory.CANCELLED, "was cancelled");
                });
    }
}
