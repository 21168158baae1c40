package io.devrig.api.plugin;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way the core calls plugin code (actions, syncs, triggers, conditions,
 * providers). Each call runs on a thread of the plugin's own small pool, so a plugin
 * that hangs or spins uses up its own threads and never those of the engine or of
 * other plugins; it is cancelled (interrupted) when its time limit expires; it is
 * counted; and a per-plugin circuit breaker stops calling a plugin that keeps failing.
 *
 * <p>Failures are {@link io.devrig.api.error.DevRigException}s:
 * <ul>
 * <li>{@code PLUGIN_TIMEOUT} (category timeout) when the time limit expired;</li>
 * <li>{@code PLUGIN_CIRCUIT_OPEN} (category plugin) when the breaker is open, with
 * {@code retryAfterMs} in the details, without calling the plugin;</li>
 * <li>{@code PLUGIN_BUSY} (category resource) when all of the plugin's threads are
 * taken by calls that have not ended;</li>
 * <li>{@code PLUGIN_ERROR} (category plugin) when the plugin threw; the plugin's
 * exception is the cause. A {@link io.devrig.api.error.DevRigException} thrown by the
 * plugin itself is passed through unchanged (and still counted as a failure).</li>
 * </ul>
 */
@ProviderType
public interface PluginInvoker {

    /** Calls plugin code with the plugin's configured time limit (default 30 s). */
    <T> T invoke(String pluginId, String operation, PluginCall<T> call);

    /** Calls plugin code with an explicit time limit. */
    <T> T invoke(String pluginId, String operation, Duration timeout, PluginCall<T> call);

    /** Counters and breaker state of one plugin (zeros for a plugin never called). */
    PluginCallStats stats(String pluginId);

    /**
     * Interrupts the plugin's calls in flight, e.g. because its bundle is being stopped,
     * updated or uninstalled: each ends, with the plugin's answer or an error, instead of
     * running on old code. Counters and breaker state are kept.
     */
    void cancelCalls(String pluginId);
}
