/** The framework hooks behind {@link io.devrig.plugin.guard.PluginGuard}. */
package io.devrig.plugin.guard.internal;
