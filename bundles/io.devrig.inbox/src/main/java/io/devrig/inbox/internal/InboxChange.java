package io.devrig.inbox.internal;

/**
 * One committed change of an item, published as an event.
 *
 * @param topic one of the {@link io.devrig.api.inbox.InboxEvents} topics
 * @param status the item's status after the change (JSON name)
 */
record InboxChange(String topic, String itemId, String pluginId, String externalId, String type, String status) {
}
