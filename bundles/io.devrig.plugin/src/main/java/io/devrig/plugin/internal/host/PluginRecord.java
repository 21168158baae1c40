package io.devrig.plugin.internal.host;

import io.devrig.api.plugin.PluginState;
import java.util.Set;

/** A row of the {@code plugins} table, as the host uses it. */
record PluginRecord(String rowId, String name, String version, String displayName, String description,
        PluginState state, Set<String> requested, Set<String> granted, boolean disabled, String manifest,
        String installPath, String error) {

    PluginRecord withState(PluginState newState, String newError) {
        return new PluginRecord(rowId, name, version, displayName, description, newState, requested, granted, disabled,
                manifest, installPath, newError);
    }
}
