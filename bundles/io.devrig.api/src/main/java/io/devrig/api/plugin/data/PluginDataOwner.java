package io.devrig.api.plugin.data;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle that keeps data of plugins in tables it owns (the inbox's items, the sync
 * scheduler's state) publishes this service, so that purging a plugin deletes that data too
 * without the plugin host naming another bundle's tables.
 *
 * <p>{@link io.devrig.api.plugin.PluginAdmin#purge(String)} calls {@link #purge(String)} of every published owner
 * on the purging thread, inside the database write transaction that also deletes the plugin's
 * own row: owners must write through the same {@code io.devrig.api.store.Database} (its
 * {@code write} joins the running transaction), so the purge either removes everything or,
 * when an owner throws, nothing at all. The call runs on the plugin host's own thread: an
 * owner must not wait for the host (of {@code PluginAdmin}, only {@code descriptor} and
 * {@code settings} answer there).
 */
@ConsumerType
public interface PluginDataOwner {

    /**
     * Deletes everything this owner keeps for the plugin ({@code pluginId}: its name, the
     * bundle symbolic name). Called only for a plugin whose bundle is uninstalled.
     *
     * @return how many rows (or other units) were deleted, for the log
     */
    int purge(String pluginId);
}
