/**
 * Plugins are OSGi bundles. This package holds what the core and plugins agree on:
 * the {@link io.devrig.api.plugin.PluginInvoker} every call into plugin code goes
 * through (time limit, cancellation, per-plugin threads, circuit breaker, counters)
 * and the figures it keeps per plugin, the {@link io.devrig.api.plugin.PluginDescriptor}
 * the host read from the plugin's bundle, and {@link io.devrig.api.plugin.PluginAdmin}.
 */
@Version("1.3.0")
package io.devrig.api.plugin;

import org.osgi.annotation.versioning.Version;
