/**
 * The plugin host: finds plugin bundles (the {@code DevRig-Plugin} header) with a bundle
 * tracker, reads and checks their descriptors, keeps each plugin's state, requested and
 * granted permissions in the {@code plugins} table, starts only plugins that are valid,
 * approved and enabled (others are kept stopped), and refuses capability services a
 * plugin did not declare. {@link io.devrig.plugin.internal.host.PluginLifecycle} is the
 * framework-free core; {@link io.devrig.plugin.internal.host.PluginHostComponent} wires
 * it to OSGi. Not exported.
 */
package io.devrig.plugin.internal.host;
