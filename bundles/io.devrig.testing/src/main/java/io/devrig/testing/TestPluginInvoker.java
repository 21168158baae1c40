package io.devrig.testing;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginCall;
import io.devrig.api.plugin.PluginCallStats;
import io.devrig.api.plugin.PluginInvoker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * A small real {@link PluginInvoker}: each call runs on another thread (named
 * {@value #THREAD_NAME}), is waited for with its time limit and interrupted when that
 * expires, with the invoker contract's errors ({@code PLUGIN_TIMEOUT}, {@code PLUGIN_ERROR},
 * a plugin's own {@link DevRigException} unchanged, {@code CANCELLED} when the caller is
 * interrupted). It records every call; {@link #refuseWith} makes it refuse calls without
 * running them, as the host does with an open breaker or a busy plugin. What it leaves out
 * of io.devrig.plugin's invoker: per-plugin pools, the breaker, {@code PLUGIN_BUSY}. Close it
 * after the test.
 */
public class TestPluginInvoker implements PluginInvoker, AutoCloseable {

    /** The name of the threads plugin code runs on. */
    public static final String THREAD_NAME = "test-plugin-thread";
    /** The limit of a call made without one, as the host's default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * One call as the caller made it.
     *
     * @param timeout the limit the caller gave, or null when it gave none
     */
    public record Call(String pluginId, String operation, Duration timeout) {
        /** {@code "<pluginId> <operation>"}. */
        @Override
        public String toString() {
            return pluginId + " " + operation;
        }
    }

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Set<Future<?>>> running = new ConcurrentHashMap<>();
    private final Map<String, PluginCallStats> stats = new ConcurrentHashMap<>();
    private volatile BiFunction<String, String, ? extends DevRigException> refusal;

    /** Every call so far, in order. */
    public List<Call> calls() {
        return calls;
    }

    /** Every call so far as {@code "<pluginId> <operation>"}. */
    public List<String> called() {
        return calls.stream().map(Call::toString).toList();
    }

    /**
     * From now on calls are not run but fail with the error made from the plugin id and
     * operation; null runs them again.
     */
    public TestPluginInvoker refuseWith(BiFunction<String, String, ? extends DevRigException> error) {
        this.refusal = error;
        return this;
    }

    @Override
    public <T> T invoke(String pluginId, String operation, PluginCall<T> call) {
        return run(new Call(pluginId, operation, null), DEFAULT_TIMEOUT, call);
    }

    @Override
    public <T> T invoke(String pluginId, String operation, Duration timeout, PluginCall<T> call) {
        return run(new Call(pluginId, operation, timeout), timeout, call);
    }

    private <T> T run(Call record, Duration timeout, PluginCall<T> call) {
        calls.add(record);
        String pluginId = record.pluginId();
        BiFunction<String, String, ? extends DevRigException> refused = refusal;
        if (refused != null) {
            throw refused.apply(pluginId, record.operation());
        }
        // in the in-flight set before it can start: cancelCalls must find a call the plugin already runs
        java.util.concurrent.FutureTask<T> future = new java.util.concurrent.FutureTask<>(call::call);
        Set<Future<?>> inFlight = running.computeIfAbsent(pluginId, id -> ConcurrentHashMap.newKeySet());
        inFlight.add(future);
        Instant started = Instant.now();
        try {
            pool.execute(future);
            T result = future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            count(pluginId, started, null);
            return result;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw count(pluginId, started, new DevRigException(ErrorCodes.PLUGIN_TIMEOUT, ErrorCategory.TIMEOUT,
                    "plugin " + pluginId + " did not finish " + record.operation() + " within " + timeout.toMillis()
                            + " ms"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DevRigException own) {
                throw count(pluginId, started, own);
            }
            throw count(pluginId, started, new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                    "plugin " + pluginId + " failed in " + record.operation(), e.getCause()));
        } catch (java.util.concurrent.CancellationException e) {
            throw count(pluginId, started, new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED,
                    "the calls of plugin " + pluginId + " were cancelled"));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw count(pluginId, started, new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED,
                    "cancelled"));
        } finally {
            inFlight.remove(future);
        }
    }

    private DevRigException count(String pluginId, Instant started, DevRigException failure) {
        stats.compute(pluginId, (id, old) -> {
            PluginCallStats s = old != null ? old : stats(id);
            return new PluginCallStats(id, s.executionCount() + 1, s.failureCount() + (failure == null ? 0 : 1),
                    started, failure == null ? s.lastError() : failure.code() + ": " + failure.getMessage(),
                    PluginCallStats.BreakerState.CLOSED, 0);
        });
        return failure;
    }

    /** Calls and failures counted here; the breaker is always closed. */
    @Override
    public PluginCallStats stats(String pluginId) {
        PluginCallStats s = stats.get(pluginId);
        return s != null ? s
                : new PluginCallStats(pluginId, 0, 0, null, null, PluginCallStats.BreakerState.CLOSED, 0);
    }

    /** Interrupts the plugin's calls in flight; each ends with {@code CANCELLED}. */
    @Override
    public void cancelCalls(String pluginId) {
        running.getOrDefault(pluginId, Set.of()).forEach(f -> f.cancel(true));
    }

    /** Interrupts every call still running and stops the threads. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
