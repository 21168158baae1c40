/**
 * Plugins are OSGi bundles. This package holds what the core and plugins agree on:
 * the {@link io.devrig.api.plugin.PluginInvoker} every call into plugin code goes
 * through (time limit, cancellation, per-plugin threads, circuit breaker, counters)
 * and the figures it keeps per plugin.
 */
@Version("1.0.0")
package io.devrig.api.plugin;

import org.osgi.annotation.versioning.Version;
