package io.devrig.inbox.internal;

import static io.devrig.inbox.internal.Fixture.A;
import static io.devrig.inbox.internal.Fixture.B;
import static io.devrig.inbox.internal.Fixture.item;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.time.DevRigClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

class InboxComponentTest {

    @TempDir
    Path dir;
    Fixture f;
    InboxComponent inbox;
    final RecordingEventAdmin events = new RecordingEventAdmin();

    @BeforeEach
    void open() {
        f = new Fixture(dir);
        inbox = new InboxComponent(f.db, DevRigClock.system(), Duration.ofHours(1), Duration.ofSeconds(5));
        inbox.setEventAdmin(events);
        inbox.pluginAdmin = f.pluginAdmin();
        f.storeWith(DevRigClock.system()).store(A, List.of(item("1", "first words"), item("2", "second words")));
    }

    @AfterEach
    void close() {
        inbox.deactivate();
        f.close();
    }

    @Test
    void userOperationsPublishUpdatedAndArchivedEvents() {
        String one = f.idOf(A, "1");
        String two = f.idOf(A, "2");
        assertThat(inbox.markRead(List.of(one), true)).isEqualTo(1);
        assertThat(inbox.markRead(List.of(one), false)).isEqualTo(1);
        assertThat(inbox.archive(List.of(one))).isEqualTo(1);
        assertThat(inbox.unarchive(List.of(one))).isEqualTo(1);
        assertThat(inbox.snooze(List.of(two), Instant.now().plusSeconds(3600))).isEqualTo(1);
        assertThat(inbox.unsnooze(List.of(two))).isEqualTo(1);
        assertThat(events.topics()).containsExactly(InboxEvents.ITEM_UPDATED, InboxEvents.ITEM_UPDATED,
                InboxEvents.ITEM_ARCHIVED, InboxEvents.ITEM_UPDATED, InboxEvents.ITEM_UPDATED, InboxEvents.ITEM_UPDATED);
        assertThat(events.events).extracting(e -> e.getProperty(InboxEvents.STATUS))
                .containsExactly("read", "unread", "archived", "read", "snoozed", "unread");
        assertThat(events.events).extracting(e -> e.getProperty(InboxEvents.PLUGIN_ID)).containsOnly(A);
    }

    @Test
    void delegatesReads() {
        String one = f.idOf(A, "1");
        assertThat(inbox.list(InboxQuery.all())).hasSize(2);
        assertThat(inbox.count(InboxQuery.all())).isEqualTo(2);
        assertThat(inbox.get(one)).map(i -> i.title()).contains("first words");
        assertThat(inbox.search("first", InboxQuery.all())).singleElement()
                .satisfies(h -> assertThat(h.snippet()).isEqualTo("[first] words"));
        assertThat(inbox.stats().unread()).isEqualTo(2);
    }

    @Test
    void aSnoozeMadeThroughTheServiceComesBackByItselfWithoutARestart() throws Exception {
        String one = f.idOf(A, "1");
        inbox.snooze(List.of(one), Instant.now().plusMillis(300));
        assertThat(f.rawStatus(one)).isEqualTo("snoozed");
        SnoozeWakerTest.waitFor(() -> "unread".equals(f.rawStatus(one)), Duration.ofSeconds(5));
        assertThat(inbox.get(one).orElseThrow().status()).isEqualTo(InboxStatus.UNREAD);
        // the event is posted right after the wake-up's write: wait for it rather than race it
        SnoozeWakerTest.waitFor(() -> !events.events.isEmpty()
                && "unread".equals(events.events.get(events.events.size() - 1).getProperty(InboxEvents.STATUS)),
                Duration.ofSeconds(5));
    }

    @Test
    void actRunsThroughTheBoundActionRegistryGotOnFirstUseOnly() {
        TestActionRegistry registry = new TestActionRegistry().add("github.comment", A,
                (input, inv) -> Map.of("itemUpdate", Map.of("status", "read")));
        CountingObjects objects = new CountingObjects(registry);
        inbox.setActionRegistry(objects);
        assertThat(objects.got).as("binding must not get (and so activate) the registry: a boot cycle").isZero();
        String one = f.idOf(A, "1");
        f.db.write(h -> h.update("UPDATE inbox_items SET metadata = ? WHERE id = ?",
                "{\"dataSourceId\":\"github.notifications\"}", one));
        inbox.act(one, "github.comment", Map.of("text", "hi"));
        inbox.act(one, "github.comment", Map.of("text", "again"));
        assertThat(inbox.get(one).orElseThrow().status()).isEqualTo(InboxStatus.READ);
        assertThat(objects.got).isEqualTo(1);
        inbox.unsetActionRegistry(objects);
        assertThat(objects.ungot).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> inbox.act(one, "github.comment", Map.of()))
                .hasMessageContaining("is available");
        assertThat(objects.got).isEqualTo(1);
    }

    /** Service objects that count what is got and given back. */
    static final class CountingObjects implements ComponentServiceObjects<ActionRegistry> {
        final ActionRegistry registry;
        int got;
        int ungot;

        CountingObjects(ActionRegistry registry) {
            this.registry = registry;
        }

        @Override
        public ActionRegistry getService() {
            got++;
            return registry;
        }

        @Override
        public void ungetService(ActionRegistry service) {
            assertThat(service).isSameAs(registry);
            ungot++;
        }

        @Override
        public ServiceReference<ActionRegistry> getServiceReference() {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void aPurgeThroughThePluginDataOwnerDeletesThePluginsItemsOnly() {
        f.storeWith(DevRigClock.system()).store(B, List.of(item("1", "other words")));
        events.events.clear();
        assertThat(inbox.purge(A)).isEqualTo(2);
        assertThat(inbox.list(InboxQuery.all())).extracting(i -> i.pluginId()).containsExactly(B);
        assertThat(inbox.search("words", InboxQuery.all())).extracting(h -> h.item().pluginId()).containsExactly(B);
        assertThat(inbox.purge(A)).isZero();
        assertThat(events.events).isEmpty();
    }
}
