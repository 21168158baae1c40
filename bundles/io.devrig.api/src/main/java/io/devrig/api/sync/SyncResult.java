package io.devrig.api.sync;

/**
 * What a page of a sync did.
 *
 * @param cursor the cursor to keep (persisted after the page), or null to keep the old one
 * @param hasMore whether another page is due now, in the same cycle
 * @param itemsSynced how many items the page stored (created or updated)
 */
public record SyncResult(String cursor, boolean hasMore, int itemsSynced) {
}
