/**
 * The plugin SDK: services a plugin bundle gets from the service registry. Each is
 * bundle-scoped, so DevRig knows which plugin calls, and checks on every call that the
 * plugin is active and was granted the permission the call needs; a refused call fails
 * with {@code PERMISSION_DENIED} naming the plugin and the permission, never silently.
 */
@Version("1.1.0")
package io.devrig.api.plugin.sdk;

import org.osgi.annotation.versioning.Version;
