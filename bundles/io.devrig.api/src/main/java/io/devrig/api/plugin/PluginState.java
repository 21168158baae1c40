package io.devrig.api.plugin;

import java.util.Locale;

/** Where a plugin is in its lifecycle; stored in the {@code plugins} table, it survives restarts. */
public enum PluginState {
    /** Known, but its bundle is not installed right now (uninstalled; its data is kept). */
    INSTALLED,
    /** Asks for permissions an admin has not granted yet; its bundle is kept stopped. */
    AWAITING_APPROVAL,
    /** Running with its capabilities published. */
    ACTIVE,
    /** Refused: invalid descriptor, unresolvable bundle, undeclared capability; see the error message. */
    ERROR,
    /** Stopped by an admin. */
    DISABLED;

    /** The stored and displayed form, e.g. {@code awaiting-approval}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static PluginState fromWireName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
