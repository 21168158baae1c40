package io.devrig.plugin.internal.invoke;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginCall;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.time.DevRigClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@link PluginInvoker}: per-plugin thread pools (a call either gets one of the
 * plugin's slots at once or is refused), time limits with interruption, a circuit
 * breaker and counters per plugin. Plain Java; {@link PluginInvokerComponent} publishes it.
 */
public final class Invoker implements PluginInvoker, AutoCloseable {

    private final InvokerSettings settings;
    private final DevRigClock clock;
    private final Map<String, PluginLane> lanes = new ConcurrentHashMap<>();

    /** An invoker with the default settings (30 s, 4 threads per plugin, breaker 10/60 s/2) on the system clock. */
    public static Invoker withDefaults() {
        return new Invoker(InvokerSettings.DEFAULTS, DevRigClock.system());
    }

    Invoker(InvokerSettings settings, DevRigClock clock) {
        this.settings = Objects.requireNonNull(settings);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public <T> T invoke(String pluginId, String operation, PluginCall<T> call) {
        return invoke(pluginId, operation, settings.timeoutFor(pluginId), call);
    }

    @Override
    public <T> T invoke(String pluginId, String operation, Duration timeout, PluginCall<T> call) {
        Objects.requireNonNull(pluginId, "pluginId");
        Objects.requireNonNull(call, "call");
        PluginLane lane = lanes.computeIfAbsent(pluginId, PluginLane::new);
        long now = clock.millis();
        CircuitBreaker.Permit permit = lane.breaker.tryAcquire(now);
        if (permit == null) {
            long retryAfter = lane.breaker.retryAfterMillis(now);
            throw new DevRigException(DevRigError.of(ErrorCodes.PLUGIN_CIRCUIT_OPEN, ErrorCategory.PLUGIN,
                    "plugin " + pluginId + " is degraded after repeated failures; " + operation
                            + " was not called; retry in " + retryAfter + " ms")
                    .withDetails(Map.of("pluginId", pluginId, "retryAfterMs", retryAfter)));
        }
        if (!lane.slots.tryAcquire()) {
            DevRigException e = new DevRigException(ErrorCodes.PLUGIN_BUSY, ErrorCategory.RESOURCE,
                    "plugin " + pluginId + " has all " + settings.threadsPerPlugin()
                            + " of its threads taken by calls that have not ended; " + operation + " was not called");
            lane.failures.increment();
            lane.lastError = e.code() + ": " + e.error().message();
            lane.breaker.onFailure(permit, clock.millis());
            throw e;
        }
        lane.executions.increment();
        lane.lastExecutedAt = clock.now();
        Slot slot = new Slot(lane);
        Future<T> future;
        try {
            future = lane.pool.submit(() -> {
                slot.started = true;
                try {
                    return call.call();
                } finally {
                    slot.release(); // only when the plugin's code really returned
                }
            });
        } catch (RejectedExecutionException shutDown) {
            slot.release();
            lane.breaker.release(permit);
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                    "plugin " + pluginId + " is being removed; " + operation + " was not called");
        }
        try {
            T result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            lane.breaker.onSuccess(permit);
            return result;
        } catch (TimeoutException expired) {
            future.cancel(true); // interrupts the plugin's thread
            slot.releaseIfNeverStarted();
            DevRigException e = new DevRigException(ErrorCodes.PLUGIN_TIMEOUT, ErrorCategory.TIMEOUT,
                    "plugin " + pluginId + " did not finish " + operation + " within " + timeout.toMillis()
                            + " ms; the call was cancelled");
            failed(lane, permit, e);
            throw e;
        } catch (ExecutionException failure) {
            Throwable cause = failure.getCause();
            DevRigException e = cause instanceof DevRigException own ? own
                    : new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                            "plugin " + pluginId + " failed in " + operation + ": " + describe(cause), cause);
            failed(lane, permit, e);
            throw e;
        } catch (java.util.concurrent.CancellationException replaced) {
            // cancelCalls(): the plugin is being stopped or replaced before this call ran
            slot.releaseIfNeverStarted();
            lane.breaker.release(permit);
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.TRANSIENT,
                    "plugin " + pluginId + " is being stopped or replaced; " + operation + " did not run; retry");
        } catch (InterruptedException interrupted) {
            // the caller was cancelled: not the plugin's fault
            future.cancel(true);
            slot.releaseIfNeverStarted();
            lane.breaker.release(permit);
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED,
                    "call of " + operation + " on plugin " + pluginId + " was cancelled");
        }
    }

    private void failed(PluginLane lane, CircuitBreaker.Permit permit, DevRigException e) {
        lane.failures.increment();
        lane.lastError = e.code() + ": " + e.error().message();
        lane.breaker.onFailure(permit, clock.millis());
    }

    /** The exception's type and the start of its message (plugin-controlled text, so bounded). */
    private static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        // bounded, but keeping both ends: a plugin's message may be long, and the guard's refusals
        // put the call site at the end ("... (at com.acme.Foo.run(Foo.java:42))")
        return t.getClass().getName() + ": " + (message.length() > 400
                ? message.substring(0, 200) + " … " + message.substring(message.length() - 200) : message);
    }

    @Override
    public PluginCallStats stats(String pluginId) {
        PluginLane lane = lanes.get(pluginId);
        long now = clock.millis();
        if (lane == null) {
            return new PluginCallStats(pluginId, 0, 0, null, null, PluginCallStats.BreakerState.CLOSED, 0);
        }
        return new PluginCallStats(pluginId, lane.executions.sum(), lane.failures.sum(), lane.lastExecutedAt,
                lane.lastError, lane.breaker.state(now), lane.breaker.retryAfterMillis(now));
    }

    @Override
    public void cancelCalls(String pluginId) {
        PluginLane lane = lanes.get(pluginId);
        if (lane != null) {
            lane.restartPool();
        }
    }

    /**
     * Drops a plugin's threads and breaker, e.g. when it is uninstalled or replaced; calls
     * still running are interrupted. Counters start again at zero.
     */
    public void forget(String pluginId) {
        PluginLane lane = lanes.remove(pluginId);
        if (lane != null) {
            lane.pool.shutdownNow();
        }
    }

    @Override
    public void close() {
        lanes.values().forEach(lane -> lane.pool.shutdownNow());
        lanes.clear();
    }

    /**
     * One call's claim on one of its plugin's threads: given back when the plugin's code
     * returns (a call that ignores cancellation keeps it), or at once if the call was
     * cancelled before it started.
     */
    private static final class Slot {
        private final PluginLane lane;
        private final AtomicBoolean released = new AtomicBoolean();
        volatile boolean started;

        Slot(PluginLane lane) {
            this.lane = lane;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                lane.slots.release();
            }
        }

        void releaseIfNeverStarted() {
            if (!started) {
                release();
            }
        }
    }

    /** One plugin's threads, breaker and counters. */
    private final class PluginLane {
        private final String pluginId;
        volatile ThreadPoolExecutor pool;
        final Semaphore slots = new Semaphore(settings.threadsPerPlugin());
        final CircuitBreaker breaker = new CircuitBreaker(settings.breaker());
        final LongAdder executions = new LongAdder();
        final LongAdder failures = new LongAdder();
        volatile Instant lastExecutedAt;
        volatile String lastError;

        PluginLane(String pluginId) {
            this.pluginId = pluginId;
            this.pool = newPool();
        }

        /** Interrupts every running call; new calls get fresh threads. */
        void restartPool() {
            ThreadPoolExecutor old = pool;
            pool = newPool();
            // running calls are interrupted; queued ones are cancelled so their callers stop waiting
            old.shutdownNow().forEach(queued -> ((Future<?>) queued).cancel(false));
        }

        private ThreadPoolExecutor newPool() {
            AtomicInteger n = new AtomicInteger();
            // at most threadsPerPlugin calls are admitted (slots), so the queue stays short
            ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.threadsPerPlugin(), settings.threadsPerPlugin(), 60,
                    TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "devrig-plugin-" + pluginId + "-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            return pool;
        }
    }
}
