package io.devrig.api.plugin;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Answers, per call, whether a plugin may use the SDK (it is active) and holds a
 * permission. Published by the plugin host from the plugins' current state and grants;
 * bundles that serve plugins an SDK service of their own (the inbox's
 * {@code PluginInbox}, say) check their callers with it.
 */
@ProviderType
public interface PermissionGate {

    /** Store and update the plugin's own inbox items. */
    String INBOX_WRITE = "inbox:write";

    /**
     * @param pluginId the calling bundle's symbolic name
     * @param permission the permission the call needs, or null for calls every active plugin may make
     * @throws io.devrig.api.error.DevRigException {@code PERMISSION_DENIED} naming the plugin and the permission
     */
    void check(String pluginId, String permission);
}
