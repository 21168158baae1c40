package io.devrig.api.inbox;

import java.util.Map;

/**
 * A stored inbox item.
 *
 * @param id the inbox's id (ULID)
 * @param pluginId the plugin that stored it (its bundle symbolic name)
 * @param metadata JSON object (JSON-compatible values), never null
 * @param snoozedUntil ISO-8601, set while {@link InboxStatus#SNOOZED}
 * @param aiSummary AI fields are null until an AI pipeline fills them
 * @param createdAt when the inbox first stored it
 * @param updatedAt when its content or state last changed (an unchanged re-store does not count)
 */
public record InboxItem(String id, String pluginId, String externalId, String type, String title, String body,
        String preview, String sourceUrl, Priority priority, InboxStatus status, boolean actionable,
        Map<String, Object> metadata, String snoozedUntil, String externalCreatedAt, String aiClassification,
        String aiSummary, String aiDraft, String syncedAt, String createdAt, String updatedAt) {
}
