package io.devrig.api.sync;

/**
 * One data source as the scheduler sees it.
 *
 * @param lastSyncAt ISO-8601 end of the last successful cycle, or null
 * @param nextSyncAt ISO-8601 when the next cycle is due, or null when disabled
 * @param error the last failure's message, null after a success
 * @param consecutiveFailures failures since the last success (they set the backoff)
 * @param itemsSynced items synced in all, since the source was first seen
 * @param intervalMs the interval in force
 * @param available whether its plugin is active and its service published
 */
public record SyncStatus(String pluginId, String dataSourceId, SyncState state, String lastSyncAt, String nextSyncAt,
        String error, int consecutiveFailures, long itemsSynced, long intervalMs, boolean enabled, QuietHours quietHours,
        boolean available) {
}
