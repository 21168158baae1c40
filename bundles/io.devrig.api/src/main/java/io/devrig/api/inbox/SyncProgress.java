package io.devrig.api.inbox;

/**
 * A data source's progress in a sync, for the UI.
 *
 * @param dataSourceId the data source of the calling plugin
 * @param processed items handled so far
 * @param total items expected, or -1 when unknown
 * @param message short text, or null
 */
public record SyncProgress(String dataSourceId, int processed, int total, String message) {
}
