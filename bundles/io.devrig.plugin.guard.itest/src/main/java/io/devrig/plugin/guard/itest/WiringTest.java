package io.devrig.plugin.guard.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** What a plugin may wire to. */
class WiringTest extends GuardFixture {

    @AfterEach
    void after() throws Exception {
        cleanUp();
        deleteConfigurations("io.devrig.plugin.guard");
    }

    @Test
    void aPluginImportingTheFrameworkOrConfigAdminDoesNotResolve() throws Exception {
        Bundle plugin = install(WIRING);
        guard().admit(WIRING, Set.of());
        assertThatThrownBy(plugin::start).isInstanceOf(BundleException.class);
        assertThat(wiring().resolveBundles(List.of(plugin))).isFalse();
        assertThat(plugin.getState()).isEqualTo(Bundle.INSTALLED);
        assertThat(guard().wiringProblem(plugin))
                .startsWith("imports org.osgi.framework, org.osgi.service.cm, which plugins may not use (allowed: java.*, JDK javax.*, io.devrig.api.action");
    }

    @Test
    void aPluginUsingOnlyAllowedPackagesHasNoWiringProblem() throws Exception {
        assertThat(guard().wiringProblem(install(CALLS))).isNull();
    }

    @Test
    void anAdminCanAllowMorePackages() throws Exception {
        Bundle plugin = install(WIRING);
        guard().admit(WIRING, Set.of());
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration config = cm.getConfiguration("io.devrig.plugin.guard", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("allowedPackages", "org.osgi.framework, org.osgi.service.cm");
        config.update(props);
        waitFor(() -> guard().wiringProblem(plugin) == null, "the allowed packages to be updated");
        plugin.start();
        assertThat(plugin.getState()).isEqualTo(Bundle.ACTIVE);
    }
}
