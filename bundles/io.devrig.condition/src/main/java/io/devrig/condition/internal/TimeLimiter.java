package io.devrig.condition.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginCall;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs plugin code under a time limit when no PluginInvoker is available, reporting
 * failures with the invoker's codes and categories ({@code PLUGIN_TIMEOUT},
 * {@code PLUGIN_ERROR}, {@code PLUGIN_BUSY}). A few daemon threads: a call that ignores
 * its interruption keeps one, and when all are kept further calls are refused rather
 * than queued behind them.
 */
final class TimeLimiter implements AutoCloseable {

    private final ThreadPoolExecutor pool;

    TimeLimiter(int maxThreads) {
        AtomicInteger n = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(0, maxThreads, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "devrig-condition-custom-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    <T> T invoke(String pluginId, String operation, Duration limit, PluginCall<T> call) {
        Future<T> future;
        try {
            future = pool.submit(call::call);
        } catch (RejectedExecutionException e) {
            throw new DevRigException(ErrorCodes.PLUGIN_BUSY, ErrorCategory.RESOURCE, "plugin " + pluginId
                    + ": every thread for custom conditions is taken by calls that have not ended; " + operation
                    + " was not called");
        }
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new DevRigException(ErrorCodes.PLUGIN_TIMEOUT, ErrorCategory.TIMEOUT, "plugin " + pluginId
                    + " did not finish " + operation + " within " + limit.toMillis() + " ms; the call was cancelled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof DevRigException own) {
                throw own;
            }
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN,
                    "plugin " + pluginId + " failed in " + operation + ": " + describe(cause), cause);
        } catch (CancellationException e) {
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED,
                    "call of " + operation + " on plugin " + pluginId + " was cancelled");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED,
                    "call of " + operation + " on plugin " + pluginId + " was cancelled");
        }
    }

    /** Type and the start of the message: plugin-controlled text, so bounded. */
    private static String describe(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        return t.getClass().getName() + ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
