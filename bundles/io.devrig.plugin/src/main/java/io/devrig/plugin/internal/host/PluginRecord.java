package io.devrig.plugin.internal.host;

import io.devrig.api.plugin.PluginState;
import java.util.Set;

/** A row of the {@code plugins} table, as the host uses it. */
record PluginRecord(String rowId, String name, String version, String displayName, String description,
        PluginState state, Set<String> requested, Set<String> granted, boolean disabled, String manifest,
        String installPath, String error, Counters counters) {

    /** The invoker's counters as last flushed to the database. */
    record Counters(long executions, long failures, java.time.Instant lastExecutedAt, String lastError) {
        static final Counters NONE = new Counters(0, 0, null, null);
    }
}
