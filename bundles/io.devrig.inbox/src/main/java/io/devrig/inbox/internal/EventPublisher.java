package io.devrig.inbox.internal;

import io.devrig.api.inbox.InboxEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts inbox changes on Event Admin (asynchronously: a slow handler never holds up a
 * sync); does nothing while no Event Admin is present. Also posts the data sources' sync
 * progress under {@value #SYNC_PROGRESS}.
 */
final class EventPublisher implements Consumer<List<InboxChange>> {

    /** A data source reported progress (properties pluginId, dataSourceId, processed, total, message). */
    static final String SYNC_PROGRESS = "io/devrig/inbox/SYNC_PROGRESS";

    private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

    private volatile EventAdmin eventAdmin;

    void set(EventAdmin admin) {
        this.eventAdmin = admin;
    }

    void unset(EventAdmin admin) {
        if (this.eventAdmin == admin) {
            this.eventAdmin = null;
        }
    }

    @Override
    public void accept(List<InboxChange> changes) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        for (InboxChange c : changes) {
            post(admin, c.topic(), Map.of(InboxEvents.ITEM_ID, c.itemId(), InboxEvents.PLUGIN_ID, nn(c.pluginId()),
                    InboxEvents.EXTERNAL_ID, nn(c.externalId()), InboxEvents.TYPE, nn(c.type()), InboxEvents.STATUS,
                    nn(c.status())));
        }
    }

    void syncProgress(String pluginId, String dataSourceId, int processed, int total, String message) {
        EventAdmin admin = eventAdmin;
        if (admin == null) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        props.put(InboxEvents.PLUGIN_ID, pluginId);
        props.put("dataSourceId", dataSourceId);
        props.put("processed", processed);
        props.put("total", total);
        if (message != null) {
            props.put("message", message);
        }
        post(admin, SYNC_PROGRESS, props);
    }

    private static void post(EventAdmin admin, String topic, Map<String, ?> props) {
        try {
            admin.postEvent(new Event(topic, props));
        } catch (RuntimeException e) {
            // the change is committed either way; Event Admin going away must not fail the caller
            LOG.debug("Posting {} failed: {}", topic, e.getMessage());
        }
    }

    private static String nn(String s) {
        return s == null ? "" : s;
    }
}
