package io.devrig.itest;

import static io.devrig.itest.CoreBundlesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.Priority;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginState;
import io.devrig.api.plugin.sdk.PluginInbox;
import java.io.InputStream;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The inbox in a real framework: a data-source plugin writes through its bundle-scoped
 * {@link PluginInbox} only once granted {@code inbox:write}; a bundle without the grant is
 * refused; users see the items through {@link Inbox}; events are published; the plugin's action
 * run on an item gets the item and its missing required input from the item's metadata.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class InboxTest {

    static final String FEED = "io.devrig.itest.plugin.inbox";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    PluginAdmin admin;

    @InjectService(timeout = 10_000)
    Inbox inbox;

    @InjectService(timeout = 10_000)
    ActionRegistry actions;

    @Test
    void aGrantedDataSourcePluginFillsTheInboxAndEventsArePublished() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(EventConstants.EVENT_TOPIC, InboxEvents.ITEM_CREATED);
        ServiceRegistration<EventHandler> handler = context.registerService(EventHandler.class, events::add, props);
        Bundle plugin;
        try (InputStream in = getClass().getResourceAsStream("/plugins/" + FEED + ".jar")) {
            assertThat(in).as("the inbox test plugin is packed into the test bundle").isNotNull();
            plugin = context.installBundle("itest:" + FEED + ":" + System.nanoTime(), in);
        }
        try {
            PluginHostTest.askToStart(plugin);
            waitFor(() -> admin.plugin(FEED).map(p -> p.state() == PluginState.AWAITING_APPROVAL).orElse(false),
                    FEED + " awaiting approval");
            // not granted yet: it is kept stopped and has stored nothing
            assertThat(inbox.list(InboxQuery.all().withPlugin(FEED))).isEmpty();

            admin.grant(FEED);
            waitFor(() -> inbox.count(InboxQuery.all().withPlugin(FEED)) == 2, "the feed's two good items");
            List<InboxItem> items = inbox.list(InboxQuery.all().withPlugin(FEED).withOrder(InboxQuery.Order.PRIORITY));
            assertThat(items).extracting(InboxItem::externalId).containsExactly("feed-1", "feed-2");
            assertThat(items.get(0).priority()).isEqualTo(Priority.URGENT);
            assertThat(items.get(0).actionable()).isTrue();
            assertThat(inbox.search("nightly", InboxQuery.all())).extracting(h -> h.item().externalId())
                    .containsExactly("feed-1");
            waitFor(() -> events.stream().filter(e -> FEED.equals(e.getProperty(InboxEvents.PLUGIN_ID))).count() == 2,
                    "two ITEM_CREATED events");

            // an action run on an item gets it, and takes the required field the user left out from its metadata
            waitFor(() -> actions.has("itest.reply"), "the plugin's action itest.reply");
            assertThat(inbox.act(items.get(0).id(), "itest.reply", Map.of("text", "hi"))).isEqualTo(Map.of(
                    "text", "hi", "target", "ci/{{item.title}}", "item", "feed-1"));
            assertThatThrownBy(() -> inbox.act(items.get(1).id(), "itest.reply", Map.of("text", "hi")))
                    .isInstanceOfSatisfying(DevRigException.class, e -> assertThat(e.error().message()).isEqualTo(
                            "$.target: required by action itest.reply: give \"target\" in the input; the item's"
                            + " metadata has no 'target' to take it from"));
        } finally {
            handler.unregister();
            plugin.uninstall();
        }
    }

    @Test
    void aBundleThatIsNoGrantedPluginIsRefused() {
        // the test bundle is no plugin: the gate refuses it (the grant rule itself is the
        // plugin host's, tested with its SDK; the first test shows the granted path)
        ServiceReference<PluginInbox> ref = context.getServiceReference(PluginInbox.class);
        assertThat(ref).as("the PluginInbox service").isNotNull();
        PluginInbox mine = context.getService(ref);
        try {
            assertThatThrownBy(() -> mine.storeItems(List.of(InboxItemInput.of("x", "note", "should not land"))))
                    .isInstanceOfSatisfying(DevRigException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCodes.PERMISSION_DENIED);
                        assertThat(e.getMessage()).contains("io.devrig.itest", "plugin");
                    });
            assertThat(inbox.search("should", InboxQuery.all())).isEmpty();
        } finally {
            context.ungetService(ref);
        }
    }
}
