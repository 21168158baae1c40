package io.devrig.sync.internal;

import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.util.Map;
import java.util.Optional;

/**
 * The data sources the scheduler can call now: in the framework, the {@code DataSource}
 * services active plugins publish, called through the plugin invoker; in tests, scripted ones.
 */
interface DataSources {

    /** Whether the plugin publishes this data source now (so its plugin is active). */
    boolean available(String pluginId, String dataSourceId);

    /**
     * Fetches one page.
     *
     * @throws SourceGoneException when the source is not (or no longer) published
     * @throws Exception whatever the call failed with
     */
    SyncResult syncPage(String pluginId, SyncRequest request) throws Exception;

    /**
     * The plugin's settings (the one object every action and data source of the plugin reads),
     * handed to each cycle as {@link SyncRequest#config()}; empty when none were saved.
     */
    default Map<String, Object> settings(String pluginId) {
        return Map.of();
    }

    /**
     * Whether the plugin host accepted the plugin's descriptor ({@code PluginAdmin.descriptor},
     * answered from memory: safe on the host's own thread, where data sources appear).
     */
    boolean isPlugin(String pluginId);

    /**
     * The plugin's state as the plugin host reports it ({@code PluginAdmin.plugin}), for
     * messages; empty when the host does not know the plugin. Asks the host's thread: never
     * call it from a service event.
     */
    Optional<String> pluginState(String pluginId);

    /**
     * The data source's {@code defaultSyncIntervalMs} in the plugin's descriptor
     * ({@code PluginAdmin.descriptor}); null when it gives none or the descriptor is not
     * available (the plugin is not installed).
     */
    Long defaultIntervalMs(String pluginId, String dataSourceId);

    /** The source went away between the scheduler's check and the call. */
    final class SourceGoneException extends Exception {

        private static final long serialVersionUID = 1L;

        SourceGoneException(String pluginId, String dataSourceId) {
            super("data source " + dataSourceId + " of plugin " + pluginId + " is not published", null, false, false);
        }
    }
}
