package io.devrig.itest;

import static io.devrig.itest.CoreBundlesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginState;
import io.devrig.api.sync.SyncScheduler;
import io.devrig.api.sync.SyncState;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.Hashtable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The reload loop in a real framework: the host's persisted development watch (configuration
 * io.devrig.plugin.watch, what devrig:plugin-watch writes) updates a plugin installed from a
 * file: location when its jar changes, keeps watching when the jar disappears, and is back
 * after its component restarts; an update starts a sync of the plugin's data sources at once.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class PluginReloadTest {

    static final String GOOD = PluginHostTest.GOOD;
    static final String SYNC = SyncTest.PLUGIN;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    PluginAdmin admin;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    ServiceComponentRuntime scr;

    @InjectService(timeout = 10_000)
    SyncScheduler scheduler;

    /** Writes a test plugin's jar to {@code jar}, dated after the bundle's last update so the watch sees it as new. */
    void write(String plugin, Path jar, Bundle bundle) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/plugins/" + plugin + ".jar")) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        long after = Math.max(System.currentTimeMillis(), bundle == null ? 0 : bundle.getLastModified() + 1_000);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(after));
    }

    String version() {
        return admin.plugin(GOOD).map(p -> p.state() + " " + p.version()).orElse("unknown");
    }

    @Test
    void aWatchedPluginFollowsItsJarSurvivesTheJarGoingAndIsWatchedAgainAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory("devrig-watch");
        Path jar = dir.resolve("good.jar");
        write(GOOD, jar, null);
        Bundle good = context.installBundle(jar.toUri().toString());
        Configuration watch = configAdmin.getConfiguration("io.devrig.plugin.watch", "?");
        try {
            PluginHostTest.askToStart(good);
            waitFor(() -> admin.plugin(GOOD).map(p -> p.state() == PluginState.ACTIVE
                    || p.state() == PluginState.AWAITING_APPROVAL).orElse(false), "the good plugin to be judged");
            if (admin.plugin(GOOD).orElseThrow().state() == PluginState.AWAITING_APPROVAL) {
                admin.grant(GOOD);
            }
            waitFor(() -> version().equals("ACTIVE 0.1.0"), "v1 active");

            watch.update(new Hashtable<>(java.util.Map.of("plugins", new String[] {GOOD}, "intervalMs", "200")));
            write(GOOD + ".v2", jar, good);
            waitFor(() -> version().equals("ACTIVE 0.2.0"), "the watch to install v2 (now " + version() + ")");
            assertThat(good.getLocation()).as("updated in place, from the watched file").isEqualTo(jar.toUri().toString());

            // the jar goes (mvn clean): the running plugin stays, and the watch goes on
            Files.delete(jar);
            assertThat(good.getState()).isEqualTo(Bundle.ACTIVE);
            write(GOOD, jar, good);
            waitFor(() -> version().equals("ACTIVE 0.1.0"), "the watch to pick up the jar that came back");

            // a restart of the host's watch (as at boot): the configuration brings the watch back
            ComponentDescriptionDTO component = scr.getComponentDescriptionDTO(
                    context.getServiceReference(PluginAdmin.class).getBundle(),
                    "io.devrig.plugin.internal.host.DevWatchComponent");
            assertThat(component).as("the host's watch component").isNotNull();
            scr.disableComponent(component).getValue();
            write(GOOD + ".v2", jar, good);
            scr.enableComponent(component).getValue();
            waitFor(() -> version().equals("ACTIVE 0.2.0"), "the restored watch to install v2");
        } finally {
            watch.delete();
            good.uninstall();
            Files.deleteIfExists(jar);
            Files.deleteIfExists(dir);
        }
    }

    @Test
    void anUpdateSyncsThePluginsDataSourcesAtOnce() throws Exception {
        Bundle plugin;
        try (InputStream in = getClass().getResourceAsStream("/plugins/" + SYNC + ".jar")) {
            plugin = context.installBundle("itest:" + SYNC + ":" + System.nanoTime(), in);
        }
        try {
            PluginHostTest.askToStart(plugin);
            waitFor(() -> admin.plugin(SYNC).map(p -> p.state() == PluginState.AWAITING_APPROVAL
                    || p.state() == PluginState.ACTIVE).orElse(false), SYNC + " judged");
            if (admin.plugin(SYNC).orElseThrow().state() == PluginState.AWAITING_APPROVAL) {
                admin.grant(SYNC);
            }
            // the first cycle (three pages); the next is an hour away (the descriptor's interval)
            waitFor(() -> scheduler.status(SYNC, SyncTest.SOURCE).map(s -> s.itemsSynced() == 3
                    && s.state() == SyncState.IDLE).orElse(false), "the first cycle");

            try (InputStream in = getClass().getResourceAsStream("/plugins/" + SYNC + ".jar")) {
                plugin.update(in);
            }
            waitFor(() -> scheduler.status(SYNC, SyncTest.SOURCE).map(s -> s.itemsSynced() == 6
                    && s.state() == SyncState.IDLE).orElse(false), "a cycle started by the update");
        } finally {
            plugin.uninstall();
            waitFor(() -> admin.plugin(SYNC).map(p -> p.state() == PluginState.INSTALLED).orElse(false),
                    SYNC + " uninstalled");
            admin.purge(SYNC); // SyncTest expects a first install
        }
    }

}
