/**
 * What a purge of a plugin reaches beyond the plugin host: the
 * {@link io.devrig.api.plugin.data.PluginDataOwner} services of the bundles that keep
 * plugins' data in tables of their own (the inbox, the sync scheduler).
 */
@Version("1.0.0")
package io.devrig.api.plugin.data;

import org.osgi.annotation.versioning.Version;
