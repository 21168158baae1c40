package io.devrig.itest;

import static io.devrig.itest.CoreBundlesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * A plugin that carries its own copy of DevRig's action API (embedded, not imported) publishes
 * a correctly declared executor that no registry can use: the host refuses it loudly instead
 * of leaving the plugin active with its action silently missing.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class PluginApiCopyTest {

    static final String EMBEDDED = "io.devrig.itest.plugin.embedded";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    PluginAdmin admin;

    @Test
    void aServiceOfTheCopiedApiIsRefusedNamingThePackageToImport() throws Exception {
        Bundle plugin;
        try (InputStream in = getClass().getResourceAsStream("/plugins/" + EMBEDDED + ".jar")) {
            assertThat(in).as("the test plugin is packed into the test bundle").isNotNull();
            plugin = context.installBundle("itest:" + EMBEDDED + ":" + System.nanoTime(), in);
        }
        try {
            PluginHostTest.askToStart(plugin);
            waitFor(() -> admin.plugin(EMBEDDED).map(p -> p.state() == PluginState.ERROR).orElse(false),
                    EMBEDDED + " in error (it is " + admin.plugin(EMBEDDED).map(PluginInfo::state).orElse(null) + ")");
            PluginInfo info = admin.plugin(EMBEDDED).orElseThrow();
            assertThat(info.error()).contains("[io.devrig.api.action.ActionExecutor]",
                    "is a copy inside the plugin's bundle", "import the package io.devrig.api.action");
            assertThat(context.getServiceReferences(ActionExecutor.class, "(devrig.capability=action:itest.embedded)"))
                    .as("never usable by a registry").isEmpty();
        } finally {
            plugin.uninstall();
        }
    }
}
