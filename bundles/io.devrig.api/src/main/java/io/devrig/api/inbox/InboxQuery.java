package io.devrig.api.inbox;

import java.util.List;

/**
 * Which items to list (seed §2.5 {@code InboxQuery}); every filter is optional (null or
 * empty: no filter). Build with {@link #all()} and the {@code with…} methods.
 *
 * @param types item types (any of)
 * @param statuses statuses (any of); empty: every status but archived
 * @param priorities priorities (any of)
 * @param actionable only actionable (true) or only not actionable (false) items
 * @param pluginId only this plugin's items (ignored for a plugin's own query: always its own)
 * @param limit 1 to 500
 * @param offset from 0
 * @param orderBy newest first by default; {@link Order#PRIORITY} is most urgent first, then newest
 */
public record InboxQuery(List<String> types, List<InboxStatus> statuses, List<Priority> priorities, Boolean actionable,
        String pluginId, int limit, int offset, Order orderBy) {

    /** Sort orders. */
    public enum Order { CREATED, UPDATED, PRIORITY }

    public InboxQuery {
        types = types == null ? List.of() : List.copyOf(types);
        statuses = statuses == null ? List.of() : List.copyOf(statuses);
        priorities = priorities == null ? List.of() : List.copyOf(priorities);
        if (limit < 1 || limit > 500) {
            throw new IllegalArgumentException("limit must be 1 to 500: " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        orderBy = orderBy == null ? Order.CREATED : orderBy;
    }

    /** No filter, 50 items, newest first. */
    public static InboxQuery all() {
        return new InboxQuery(null, null, null, null, null, 50, 0, Order.CREATED);
    }

    public InboxQuery withTypes(List<String> value) {
        return new InboxQuery(value, statuses, priorities, actionable, pluginId, limit, offset, orderBy);
    }

    public InboxQuery withStatuses(List<InboxStatus> value) {
        return new InboxQuery(types, value, priorities, actionable, pluginId, limit, offset, orderBy);
    }

    public InboxQuery withPriorities(List<Priority> value) {
        return new InboxQuery(types, statuses, value, actionable, pluginId, limit, offset, orderBy);
    }

    public InboxQuery withActionable(Boolean value) {
        return new InboxQuery(types, statuses, priorities, value, pluginId, limit, offset, orderBy);
    }

    public InboxQuery withPlugin(String value) {
        return new InboxQuery(types, statuses, priorities, actionable, value, limit, offset, orderBy);
    }

    public InboxQuery withPage(int newLimit, int newOffset) {
        return new InboxQuery(types, statuses, priorities, actionable, pluginId, newLimit, newOffset, orderBy);
    }

    public InboxQuery withOrder(Order value) {
        return new InboxQuery(types, statuses, priorities, actionable, pluginId, limit, offset, value);
    }
}
