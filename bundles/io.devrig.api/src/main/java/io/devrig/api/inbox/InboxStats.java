package io.devrig.api.inbox;

import java.util.Map;

/**
 * Counts over the items not archived.
 *
 * @param unread unread items
 * @param actionable actionable items not archived
 * @param byPlugin items per plugin id
 * @param byPriority items per priority ({@link Priority#json()} names)
 * @param last24h items created in the last 24 hours
 */
public record InboxStats(int unread, int actionable, Map<String, Integer> byPlugin, Map<String, Integer> byPriority,
        int last24h) {
}
