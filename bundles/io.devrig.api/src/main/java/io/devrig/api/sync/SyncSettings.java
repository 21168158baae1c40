package io.devrig.api.sync;

import java.util.Map;

/**
 * An admin's settings for one data source; every field optional (null: unchanged, or the
 * plugin's default).
 *
 * @param intervalMs how often to sync; never less than the global minimum (30 s)
 * @param enabled whether it syncs at all
 * @param quietHours when not to start syncs; null leaves them as they are, {@link #NO_QUIET_HOURS}
 *        (any window whose start equals its end) removes them
 * @param config must be null: a data source's settings are its plugin's settings
 *        ({@link io.devrig.api.plugin.PluginAdmin#configure}, {@code devrig:plugin-config}); a
 *        non-null value is refused with {@code INVALID_INPUT} saying so (kept for one release so
 *        old scripts get that message instead of a parse error)
 */
public record SyncSettings(Long intervalMs, Boolean enabled, QuietHours quietHours, Map<String, Object> config) {

    /** An empty window: sets no quiet hours, so it removes those a source had. */
    public static final QuietHours NO_QUIET_HOURS = new QuietHours("00:00", "00:00", "UTC");
}
