package io.devrig.api.plugin.sdk;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The calling plugin's own key/value store (JSON values), kept across restarts, updates
 * and uninstalls (until an admin purges the plugin). No permission needed; a per-plugin
 * quota applies ({@code PLUGIN_STORAGE_QUOTA}, category resource).
 */
@ProviderType
public interface PluginStorage {

    /** The JSON value stored under {@code key}. */
    Optional<String> get(String key);

    /**
     * Stores a JSON value (object, array, string, number, boolean or null).
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} for a bad key or
     *         invalid JSON, {@code PLUGIN_STORAGE_QUOTA} when the plugin's quota would be exceeded
     */
    void put(String key, String json);

    /** Removes a key; false when it was not there. */
    boolean delete(String key);

    /** All keys, sorted. */
    List<String> keys();
}
