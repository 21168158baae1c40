package io.devrig.api.inbox;

/** Event Admin topics and properties of inbox changes. */
public final class InboxEvents {

    private InboxEvents() {
    }

    /** An item was stored for the first time. */
    public static final String ITEM_CREATED = "io/devrig/inbox/ITEM_CREATED";
    /** An item's content or state changed (read, unread, snoozed, unsnoozed, unarchived). */
    public static final String ITEM_UPDATED = "io/devrig/inbox/ITEM_UPDATED";
    /** An item was archived. */
    public static final String ITEM_ARCHIVED = "io/devrig/inbox/ITEM_ARCHIVED";

    /** Event properties (strings). */
    public static final String ITEM_ID = "itemId";
    public static final String PLUGIN_ID = "pluginId";
    public static final String EXTERNAL_ID = "externalId";
    public static final String TYPE = "type";
    public static final String STATUS = "status";
}
