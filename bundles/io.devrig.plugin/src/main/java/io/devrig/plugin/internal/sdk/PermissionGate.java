package io.devrig.plugin.internal.sdk;

/**
 * Answers, per call, whether a plugin may use the SDK (it is active) and holds a
 * permission. Implemented by the plugin host from the plugins' current state and grants;
 * registered as a service of this bundle only (its package is not exported).
 */
public interface PermissionGate {

    /**
     * @param pluginId the calling bundle's symbolic name
     * @param permission the permission the call needs, or null for calls every active plugin may make
     * @throws io.devrig.api.error.DevRigException {@code PERMISSION_DENIED} naming the plugin and the permission
     */
    void check(String pluginId, String permission);
}
