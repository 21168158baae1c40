package io.devrig.plugin.guard.itest;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.plugin.guard.PluginGuard;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Installs the hostile plugins packed into this bundle and cleans up after each test. */
abstract class GuardFixture {

    static final String CALLS = "io.devrig.itest.plugin.hostile.calls";
    static final String WIRING = "io.devrig.itest.plugin.hostile.wiring";

    final BundleContext context = FrameworkUtil.getBundle(GuardFixture.class).getBundleContext();
    final List<Bundle> installed = new ArrayList<>();

    PluginGuard guard() {
        ServiceReference<PluginGuard> ref = context.getServiceReference(PluginGuard.class);
        assertThat(ref).as("the guard's service").isNotNull();
        return context.getService(ref);
    }

    Bundle install(String plugin) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/plugins/" + plugin + ".jar")) {
            assertThat(in).as("test plugin " + plugin + " is packed into the test bundle").isNotNull();
            Bundle bundle = context.installBundle("guard-itest:" + plugin + ":" + System.nanoTime(), in);
            installed.add(bundle);
            return bundle;
        }
    }

    void cleanUp() throws Exception {
        for (Bundle b : installed) {
            guard().bar(b.getSymbolicName());
            if (b.getState() != Bundle.UNINSTALLED) {
                b.uninstall();
            }
        }
        refresh(installed);
        Path own = ownFolder(CALLS);
        if (Files.exists(own)) {
            try (Stream<Path> files = Files.walk(own)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    void deleteConfigurations(String pid) throws Exception {
        ConfigurationAdmin cm = context.getService(context.getServiceReference(ConfigurationAdmin.class));
        Configuration[] configs = cm.listConfigurations("(service.pid=" + pid + ")");
        if (configs != null) {
            for (Configuration c : configs) {
                c.delete();
            }
        }
    }

    FrameworkWiring wiring() {
        return context.getBundle(0).adapt(FrameworkWiring.class);
    }

    void refresh(Collection<Bundle> bundles) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        wiring().refreshBundles(bundles, e -> {
            if (e.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertThat(done.await(30, TimeUnit.SECONDS)).as("refresh finished").isTrue();
    }

    Path data() {
        String data = context.getProperty("karaf.data");
        assertThat(data).as("karaf.data is set by the bndrun").isNotNull().doesNotContain("${");
        return Path.of(data);
    }

    Path ownFolder(String plugin) {
        return data().resolve("devrig/plugins/" + plugin);
    }

    /** The marker the calls plugin writes when its component activates: proof its code ran. */
    Path marker() {
        return ownFolder(CALLS).resolve("activated");
    }

    @SuppressWarnings("unchecked")
    Function<String, String> service(String hostile) throws Exception {
        waitFor(() -> refs(hostile).length > 0, "the plugin's service");
        return (Function<String, String>) context.getService(refs(hostile)[0]);
    }

    private ServiceReference<?>[] refs(String hostile) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(Function.class.getName(), "(hostile=" + hostile + ")");
            return refs == null ? new ServiceReference<?>[0] : refs;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() < deadline).as("waited 30 s for " + what).isTrue();
            Thread.sleep(20);
        }
    }
}
