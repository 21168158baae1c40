package io.devrig.itest;

import static io.devrig.itest.CoreBundlesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginState;
import io.devrig.api.store.Database;
import io.devrig.api.sync.SyncScheduler;
import io.devrig.api.sync.SyncSettings;
import io.devrig.api.sync.SyncState;
import io.devrig.api.sync.SyncStatus;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The sync scheduler in a real framework with a real plugin: its {@code DataSource} service
 * is found, called through the plugin invoker on the durable queue, pages go into the inbox,
 * and a plugin disabled or updated in the middle of a cycle stops cleanly, keeps its cursor
 * and state, and resumes from that cursor when it is back. Purged, its sync state and items go.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class SyncTest {

    static final String PLUGIN = "io.devrig.itest.plugin.sync";
    static final String SOURCE = "itest.pages";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    PluginAdmin admin;

    @InjectService(timeout = 10_000)
    SyncScheduler scheduler;

    @InjectService(timeout = 10_000)
    Inbox inbox;

    @InjectService(timeout = 10_000)
    Database db;

    SyncStatus status() {
        return scheduler.status(PLUGIN, SOURCE).orElseThrow();
    }

    String cursor() {
        return db.read(h -> h.queryOne("SELECT sync_cursor FROM plugin_sync_state"
                + " WHERE plugin_id = ? AND data_source_id = ?", r -> r.getString(1), PLUGIN, SOURCE)).orElse(null);
    }

    @Test
    void aPluginsDataSourceSyncsPageByPageAndAPluginDisabledMidCycleResumesFromItsCursor() throws Exception {
        Bundle plugin;
        try (InputStream in = getClass().getResourceAsStream("/plugins/" + PLUGIN + ".jar")) {
            assertThat(in).as("the sync test plugin is packed into the test bundle").isNotNull();
            plugin = context.installBundle("itest:" + PLUGIN + ":" + System.nanoTime(), in);
        }
        try {
            PluginHostTest.askToStart(plugin);
            waitFor(() -> admin.plugin(PLUGIN).map(p -> p.state() == PluginState.AWAITING_APPROVAL).orElse(false),
                    PLUGIN + " awaiting approval");
            admin.grant(PLUGIN);

            // first sight: due at once; one cycle of three pages (hasMore twice)
            waitFor(() -> scheduler.status(PLUGIN, SOURCE).map(s -> s.lastSyncAt() != null).orElse(false),
                    "the first cycle");
            assertThat(status().itemsSynced()).isEqualTo(3);
            assertThat(status().state()).isEqualTo(SyncState.IDLE);
            assertThat(status().intervalMs()).as("the descriptor's default").isEqualTo(3_600_000L);
            assertThat(cursor()).isEqualTo("p3");

            assertThatThrownBy(() -> scheduler.configure(PLUGIN, SOURCE,
                    new SyncSettings(null, null, null, Map.of("blockOnPage", 5))))
                    .as("a config per data source is refused with a pointer").hasMessageContaining("devrig:plugin-config");
            // new plugin settings make the source due at once: page 4 lands, the call for page 5 hangs until cancelled
            admin.configure(PLUGIN, "{\"blockOnPage\": 5}");
            waitFor(() -> status().itemsSynced() == 4 && status().state() == SyncState.SYNCING, "page 4 synced");
            assertThat(cursor()).isEqualTo("p4");

            admin.disable(PLUGIN); // stops the bundle: the host cancels the hanging call
            waitFor(() -> status().state() != SyncState.SYNCING, "the cycle to stop");
            SyncStatus stopped = status();
            assertThat(stopped.available()).isFalse();
            assertThat(stopped.consecutiveFailures()).as("a stopped plugin is no failure").isZero();
            assertThat(stopped.error()).isNull();
            assertThat(stopped.state()).isEqualTo(SyncState.IDLE);
            assertThat(cursor()).as("the cursor of the last page that returned").isEqualTo("p4");

            admin.configure(PLUGIN, "{}");
            admin.enable(PLUGIN);
            waitFor(() -> "p6".equals(cursor()) && status().state() == SyncState.IDLE, "the cycle to resume and end");
            assertThat(status().itemsSynced()).isEqualTo(6);
            assertThat(inbox.list(InboxQuery.all().withPlugin(PLUGIN).withPage(50, 0))).extracting(InboxItem::externalId)
                    .containsExactlyInAnyOrder("page-1", "page-2", "page-3", "page-4", "page-5", "page-6");

            // the same while the plugin is updated in place (bundle:update, deploy/): page 7 lands,
            // page 8 hangs, the update cancels it, and the new revision resumes from p7
            admin.configure(PLUGIN, "{\"blockOnPage\": 8}");
            waitFor(() -> "p7".equals(cursor()) && status().state() == SyncState.SYNCING, "page 7 synced");
            admin.configure(PLUGIN, "{}");
            try (InputStream in = getClass().getResourceAsStream("/plugins/" + PLUGIN + ".jar")) {
                plugin.update(in);
            }
            waitFor(() -> "p9".equals(cursor()) && status().state() == SyncState.IDLE, "the updated plugin to resume");
            assertThat(status().consecutiveFailures()).isZero();
            assertThat(status().itemsSynced()).isEqualTo(9);
            assertThat(inbox.count(InboxQuery.all().withPlugin(PLUGIN))).isEqualTo(9);
        } finally {
            plugin.uninstall();
        }

        // uninstalling keeps the data; purging deletes it through its owners (inbox, sync scheduler),
        // in the purge's one transaction
        waitFor(() -> admin.plugin(PLUGIN).map(p -> p.state() == PluginState.INSTALLED).orElse(false),
                PLUGIN + " uninstalled");
        assertThat(scheduler.status(PLUGIN, SOURCE)).as("kept on uninstall").isPresent();
        assertThat(inbox.count(InboxQuery.all().withPlugin(PLUGIN))).isEqualTo(9);
        admin.purge(PLUGIN);
        assertThat(admin.plugin(PLUGIN)).isEmpty();
        assertThat(scheduler.status(PLUGIN, SOURCE)).isEmpty();
        assertThat(inbox.count(InboxQuery.all().withPlugin(PLUGIN).withStatuses(List.of(
                io.devrig.api.inbox.InboxStatus.values())))).as("every item, archived or not").isZero();
        assertThat(inbox.search("page", InboxQuery.all().withPlugin(PLUGIN))).isEmpty();
    }
}
