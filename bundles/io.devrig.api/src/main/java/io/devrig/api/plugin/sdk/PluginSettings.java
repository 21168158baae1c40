package io.devrig.api.plugin.sdk;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The calling plugin's settings: one JSON object per plugin, validated against the
 * {@code settingsSchema} of its descriptor before it is saved, set by an admin with
 * {@code devrig:plugin-config <plugin> '<json>'} (later REST and the web console, through
 * {@link io.devrig.api.plugin.PluginAdmin#configure}). Every action and data source of the
 * plugin reads the same object here; there is no Config Admin PID for a plugin. Scheduling
 * of data sources (interval, enabled, quiet hours) is not a plugin setting: it stays with
 * {@code devrig:sync-config}.
 *
 * <p>Bundle-scoped: a plugin only ever sees its own settings. No permission needed; the
 * plugin must be active. Reads answer from memory and are cheap enough for every call,
 * which is the simplest way to always act on the current settings; a component that
 * derives state from them (a client, a cache) registers a {@link Listener}.
 */
@ProviderType
public interface PluginSettings {

    /**
     * The current settings as JSON-compatible values ({@code Map}, {@code List}, {@code String},
     * {@code Number}, {@code Boolean}, null); an empty map when none were saved. Valid against the
     * plugin's settings schema when they were saved (defaults the schema names are not filled in).
     */
    Map<String, Object> get();

    /**
     * Calls {@code listener} after every change of the settings, with the new settings, on one
     * of the plugin's own threads (through the plugin invoker: time limit, circuit breaker).
     * {@link io.devrig.api.plugin.PluginAdmin#configure} returns after every listener of the plugin returned (or
     * failed: a failing listener is logged, the settings stay saved). Listeners are dropped
     * when the plugin's bundle stops or releases this service.
     */
    void addListener(Listener listener);

    void removeListener(Listener listener);

    /** Told when the plugin's settings changed. */
    @ConsumerType
    @FunctionalInterface
    interface Listener {

        void settingsChanged(Map<String, Object> settings) throws Exception;
    }
}
