package io.devrig.plugin.guard.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.plugin.guard.PluginGuard;
import java.nio.file.Files;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Who may resolve: admitted plugins, pre-approved ones, and nobody else, across guard restarts. */
class AdmissionTest extends GuardFixture {

    @AfterEach
    void after() throws Exception {
        cleanUp();
        deleteConfigurations("io.devrig.plugin.host");
    }

    @Test
    void anUnadmittedPluginNeverResolvesNorRuns() throws Exception {
        Bundle plugin = install(CALLS);
        assertThat(guard().admitted(CALLS)).isFalse();
        assertThatThrownBy(plugin::start).isInstanceOf(BundleException.class);
        assertThat(wiring().resolveBundles(List.of(plugin))).isFalse();
        refresh(List.of(plugin));
        assertThat(wiring().resolveBundles(List.of(plugin))).isFalse();
        assertThat(plugin.getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(marker()).as("its component never ran").doesNotExist();
    }

    @Test
    void admittingLetsItStartAndBarringUnresolvesIt() throws Exception {
        Bundle plugin = install(CALLS);
        guard().admit(CALLS, Set.of());
        plugin.start();
        assertThat(plugin.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(service("calls").apply("ping")).isEqualTo("pong");
        assertThat(marker()).exists();

        guard().bar(CALLS);
        plugin.stop();
        refresh(List.of(plugin));
        assertThat(plugin.getState()).isEqualTo(Bundle.INSTALLED);
        assertThatThrownBy(plugin::start).isInstanceOf(BundleException.class);
        assertThat(guard().admitted(CALLS)).isFalse();
    }

    @Test
    void admissionsSurviveARestartOfTheGuardAndItCatchesUp() throws Exception {
        Bundle plugin = install(CALLS);
        guard().admit(CALLS, Set.of("process:echo"));
        plugin.start();
        Bundle guardBundle = FrameworkUtil.getBundle(PluginGuard.class);

        guardBundle.stop();
        Files.delete(marker());
        guardBundle.start();
        assertThat(guard().admitted(CALLS)).as("read back from the guard's data area").isTrue();
        // resolved before this guard started: refreshed, and started again as it was active
        waitFor(() -> Files.exists(marker()), "the admitted plugin to be refreshed and started again");
        waitFor(() -> plugin.getState() == Bundle.ACTIVE, "the admitted plugin to be active");
        assertThat(service("calls").apply("exec:echo")).as("grants came back too").isEqualTo("hello");

        guard().bar(CALLS);   // barred, but still running: the guard's catch-up at start takes it down
        guardBundle.stop();
        guardBundle.start();
        waitFor(() -> plugin.getState() == Bundle.INSTALLED, "the unadmitted plugin to be unresolved");
        assertThat(guard().admitted(CALLS)).isFalse();
    }

    @Test
    void aPluginPreApprovedForAllItAsksResolvesWithoutTheHost() throws Exception {
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration host = cm.getConfiguration("io.devrig.plugin.host", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("preApproved", "other.plugin=network:direct; " + CALLS + "=network:direct");
        host.update(props);

        Bundle plugin = install(CALLS);
        assertThatThrownBy(plugin::start).as("its descriptor asks for process:echo, which is not pre-approved")
                .isInstanceOf(BundleException.class);
        assertThat(guard().admitted(CALLS)).isFalse();

        props.put("preApproved", "other.plugin=network:direct; " + CALLS + "=process:echo,network:direct");
        host.update(props);
        plugin.start();
        assertThat(plugin.getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(guard().admitted(CALLS)).isTrue();
        assertThat(service("calls").apply("exec:echo")).as("admitted with what its descriptor asks").isEqualTo("hello");
    }
}
