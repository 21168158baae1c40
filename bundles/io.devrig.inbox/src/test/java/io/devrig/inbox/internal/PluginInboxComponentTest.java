package io.devrig.inbox.internal;

import static io.devrig.inbox.internal.Fixture.A;
import static io.devrig.inbox.internal.Fixture.B;
import static io.devrig.inbox.internal.Fixture.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.SyncProgress;
import io.devrig.api.plugin.PermissionGate;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginInboxComponentTest {

    @TempDir
    Path dir;
    Fixture f;
    /** Plugins the gate lets through. */
    final Set<String> granted = ConcurrentHashMap.newKeySet();
    final List<String[]> checks = new java.util.concurrent.CopyOnWriteArrayList<>();
    final PermissionGate gate = (plugin, permission) -> {
        checks.add(new String[] {plugin, permission});
        if (!granted.contains(plugin)) {
            throw new DevRigException(ErrorCodes.PERMISSION_DENIED, ErrorCategory.PERMANENT,
                    "plugin '" + plugin + "' lacks the permission '" + permission + "'");
        }
    };
    final RecordingEventAdmin events = new RecordingEventAdmin();
    PluginInboxComponent a;
    PluginInboxComponent b;

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        granted.addAll(Set.of(A, B));
        a = component(A);
        b = component(B);
    }

    private PluginInboxComponent component(String plugin) {
        EventPublisher publisher = new EventPublisher();
        PluginInboxComponent c = new PluginInboxComponent(plugin, f.db, f.clock, gate, f::descriptorOf, publisher);
        c.setEventAdmin(events);
        return c;
    }

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void aPluginSeesOnlyItsOwnItems() {
        a.storeItems(List.of(item("1", "a one"), item("2", "a two")));
        b.storeItems(List.of(item("1", "b one")));
        assertThat(a.queryItems(InboxQuery.all())).extracting(InboxItem::title).containsExactly("a two", "a one");
        // asking for the other plugin's items still yields one's own
        assertThat(a.queryItems(InboxQuery.all().withPlugin(B))).extracting(InboxItem::pluginId).containsOnly(A);
        assertThat(b.queryItems(null)).extracting(InboxItem::title).containsExactly("b one");
    }

    @Test
    void aPluginCannotChangeAnotherPluginsItems() {
        a.storeItems(List.of(item("1", "a one")));
        b.storeItems(List.of(item("1", "b one"), item("2", "b two")));
        // same external ids: only the caller's own item changes
        assertThat(a.markRead(List.of("1", "2"))).isEqualTo(1);
        assertThat(a.archive(List.of("1", "2"))).isEqualTo(1);
        assertThat(f.rawStatus(f.idOf(B, "1"))).isEqualTo("unread");
        assertThat(f.rawStatus(f.idOf(B, "2"))).isEqualTo("unread");
        assertThat(f.rawStatus(f.idOf(A, "1"))).isEqualTo("archived");
        // and a store with B's external id creates A's own item, leaving B's alone
        assertThat(a.storeItems(List.of(item("2", "a's own two"))).created()).isEqualTo(1);
        assertThat(f.store.get(f.idOf(B, "2")).orElseThrow().title()).isEqualTo("b two");
    }

    @Test
    void everyCallChecksInboxWriteAndADeniedCallChangesNothing() {
        a.storeItems(List.of(item("1", "a one")));
        granted.remove(A);
        checks.clear();
        assertDenied(() -> a.storeItems(List.of(item("2", "two"))));
        assertDenied(() -> a.queryItems(InboxQuery.all()));
        assertDenied(() -> a.markRead(List.of("1")));
        assertDenied(() -> a.archive(List.of("1")));
        assertDenied(() -> a.reportSyncProgress(new SyncProgress("github.notifications", 1, 2, null)));
        assertThat(checks).hasSize(5).allSatisfy(c -> assertThat(c).containsExactly(A, PermissionGate.INBOX_WRITE));
        assertThat(f.store.count(InboxQuery.all(), null)).isEqualTo(1);
        assertThat(f.rawStatus(f.idOf(A, "1"))).isEqualTo("unread");
        assertThat(events.topics()).containsExactly(InboxEvents.ITEM_CREATED);
    }

    private static void assertDenied(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOf(DevRigException.class)
                .hasMessageContaining("plugin 'acme.github' lacks the permission 'inbox:write'")
                .extracting(e -> ((DevRigException) e).code()).isEqualTo(ErrorCodes.PERMISSION_DENIED);
    }

    @Test
    void sdkCallsPublishEvents() {
        a.storeItems(List.of(item("1", "one"), item("2", "two")));
        a.storeItems(List.of(item("1", "one, edited"), item("2", "two")));
        a.markRead(List.of("1"));
        a.archive(List.of("2"));
        assertThat(events.topics()).containsExactly(InboxEvents.ITEM_CREATED, InboxEvents.ITEM_CREATED,
                InboxEvents.ITEM_UPDATED, InboxEvents.ITEM_UPDATED, InboxEvents.ITEM_ARCHIVED);
        var archived = events.events.get(4);
        assertThat(archived.getProperty(InboxEvents.ITEM_ID)).isEqualTo(f.idOf(A, "2"));
        assertThat(archived.getProperty(InboxEvents.PLUGIN_ID)).isEqualTo(A);
        assertThat(archived.getProperty(InboxEvents.EXTERNAL_ID)).isEqualTo("2");
        assertThat(archived.getProperty(InboxEvents.TYPE)).isEqualTo("notification");
        assertThat(archived.getProperty(InboxEvents.STATUS)).isEqualTo("archived");
        assertThat(events.events.get(3).getProperty(InboxEvents.STATUS)).isEqualTo(InboxStatus.READ.json());
    }

    @Test
    void syncProgressIsPublishedForTheCallersOwnDataSources() {
        a.reportSyncProgress(new SyncProgress("github.notifications", 40, 100, "page 2"));
        a.reportSyncProgress(new SyncProgress("github.pull_requests", 3, -1, null));
        assertThat(events.topics()).containsExactly(EventPublisher.SYNC_PROGRESS, EventPublisher.SYNC_PROGRESS);
        var first = events.events.get(0);
        assertThat(first.getProperty("pluginId")).isEqualTo(A);
        assertThat(first.getProperty("dataSourceId")).isEqualTo("github.notifications");
        assertThat(first.getProperty("processed")).isEqualTo(40);
        assertThat(first.getProperty("total")).isEqualTo(100);
        assertThat(first.getProperty("message")).isEqualTo("page 2");

        assertThatThrownBy(() -> a.reportSyncProgress(new SyncProgress("jira.issues", 1, 1, null)))
                .hasMessageContaining("dataSourceId: 'jira.issues' is not a data source of plugin 'acme.github'");
        assertThatThrownBy(() -> a.reportSyncProgress(null)).hasMessageContaining("progress: required");
        assertThatThrownBy(() -> a.reportSyncProgress(new SyncProgress(" ", 1, 1, null)))
                .hasMessageContaining("dataSourceId: required");
        assertThatThrownBy(() -> a.reportSyncProgress(new SyncProgress("github.notifications", -1, 1, null)))
                .hasMessageContaining("processed: must not be negative");
        assertThatThrownBy(() -> a.reportSyncProgress(new SyncProgress("github.notifications", 1, -2, null)))
                .hasMessageContaining("total: -1 (unknown) or more");
        assertThatThrownBy(() -> a.reportSyncProgress(new SyncProgress("github.notifications", 1, 1, "m".repeat(501))))
                .hasMessageContaining("message: at most 500 characters, got 501");
        assertThat(events.events).hasSize(2);
    }

    @Test
    void withoutEventAdminNothingFails() {
        a.unsetEventAdmin(events);
        assertThat(a.storeItems(List.of(item("1", "one"))).created()).isEqualTo(1);
        a.reportSyncProgress(new SyncProgress("github.notifications", 1, 1, null));
        assertThat(events.events).isEmpty();
    }
}
