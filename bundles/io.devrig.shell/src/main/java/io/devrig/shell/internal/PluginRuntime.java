package io.devrig.shell.internal;

import java.util.List;
import java.util.Optional;

/**
 * What {@code devrig:plugin} reads about a plugin's bundle beyond {@code PluginAdmin}: the
 * bundle's state, its DS components as Service Component Runtime describes them, the
 * services it registered, and whether it is watched. {@link OsgiPluginRuntime} reads the
 * framework; tests give plain values.
 */
interface PluginRuntime {

    /** The state of the bundle whose symbolic name is the plugin id ({@code active}, {@code resolved}, ...); empty when none. */
    Optional<String> bundleState(String pluginId);

    /** The bundle's DS components; empty when it has none, null when Service Component Runtime is not running. */
    List<Component> components(String pluginId);

    /** The services the bundle registered (every one, including those the host hides from other bundles). */
    List<Service> services(String pluginId);

    /** The plugins the development watch checks ({@code devrig:plugin-watch}). */
    List<String> watched();

    /**
     * One DS component of the plugin.
     *
     * @param capability its {@code devrig.capability} property, null when it has none
     * @param services the service types it publishes that other bundles would use: not event
     *        handlers, not types of the plugin's own (the types that need {@code devrig.capability})
     * @param configurations its configurations (none while it waits for a required configuration)
     */
    record Component(String name, boolean enabled, String capability, List<String> services,
            List<Config> configurations) {
    }

    /**
     * A component configuration.
     *
     * @param state {@code unsatisfied-configuration}, {@code unsatisfied-reference}, {@code satisfied},
     *        {@code active} or {@code failed-activation}
     * @param failure the activation failure (DS 1.5), else null
     * @param missing the mandatory references that are unsatisfied, as {@code 'name' (interface)}
     */
    record Config(String state, String failure, List<String> missing) {
    }

    /** A registered service: its id, its types and its {@code devrig.capability} (null when none). */
    record Service(long id, List<String> types, String capability) {
    }
}
