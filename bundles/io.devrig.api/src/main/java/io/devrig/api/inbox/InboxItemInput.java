package io.devrig.api.inbox;

import java.util.Map;

/**
 * An item as a data source hands it in (seed §2.5). Validated by the inbox, not here:
 * a bad item in a batch is reported in {@link StoreResult#failures()} while the others
 * are stored.
 *
 * @param externalId unique within the plugin, 1 to 500 characters
 * @param type plugin-scoped kind, e.g. {@code pull_request}, 1 to 100 characters
 * @param title required, at most 500 characters
 * @param body full content (markdown), at most 1 MiB, or null
 * @param preview at most 280 characters, or null
 * @param sourceUrl an http(s) URL to open, or null
 * @param priority null for {@link Priority#NORMAL}
 * @param actionable whether it needs the user's action (null: false)
 * @param metadata plugin-specific JSON object (JSON-compatible values), at most 64 KiB as JSON, or null
 * @param externalCreatedAt ISO-8601 instant in the source system, or null
 */
public record InboxItemInput(String externalId, String type, String title, String body, String preview,
        String sourceUrl, Priority priority, Boolean actionable, Map<String, Object> metadata,
        String externalCreatedAt) {

    /** An item with only the required fields. */
    public static InboxItemInput of(String externalId, String type, String title) {
        return new InboxItemInput(externalId, type, title, null, null, null, null, null, null, null);
    }
}
