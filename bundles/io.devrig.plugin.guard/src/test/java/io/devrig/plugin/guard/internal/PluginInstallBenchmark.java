package io.devrig.plugin.guard.internal;

import io.devrig.plugin.guard.PluginGuard;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * What installing a plugin costs with the guard's hooks and without them: in a real Felix
 * framework, the shipped git plugin is installed, resolved, every class of it loaded (and
 * so woven when the guard runs), then uninstalled and refreshed away; rounds alternate
 * between the guard started (plugin admitted) and the guard stopped (no hooks at all).
 * Not a test: nothing is asserted on time. {@code mvn -Pbench test -pl bundles/io.devrig.plugin.guard}
 */
class PluginInstallBenchmark {

    static final int ROUNDS = 21;
    static final String GIT = "io.devrig.plugin.git";

    @TempDir
    Path tmp;

    @Test
    void installResolveAndLoadAPlugin() throws Exception {
        Path guardClasses = Path.of("target/classes");   // bnd-maven-plugin wrote the manifest and ASM here
        Path api = jar("io.devrig.api");
        Path git = shippedPlugins().stream().filter(p -> p.getFileName().toString().startsWith(GIT + "-")).findFirst()
                .orElseThrow();
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, tmp.resolve("cache").toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        // the guard logs through SLF4J: served from the test class path by the system bundle
        config.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.slf4j;version=1.7.36");
        // what the plugin host and SCR provide (neither runs here: only resolution and class loading)
        config.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, "devrig.engine;devrig.engine=core;version:Version=\"1.0.0\","
                + "osgi.extender;osgi.extender=osgi.component;version:Version=\"1.5.0\"");
        System.setProperty("karaf.data", Files.createDirectories(tmp.resolve("data")).toString());
        Framework framework = new org.apache.felix.framework.FrameworkFactory().newFramework(config);
        framework.start();
        try {
            BundleContext context = framework.getBundleContext();
            context.installBundle(api.toUri().toString()).start();
            Bundle guard = context.installBundle("reference:" + guardClasses.toUri());
            guard.start();
            // the guard's PluginGuard class is the bundle's, not this class path's: reach it by name
            Object service = context.getService(context.getAllServiceReferences(PluginGuard.class.getName(), null)[0]);
            Class<?> guardApi = Arrays.stream(service.getClass().getInterfaces())
                    .filter(i -> i.getName().equals(PluginGuard.class.getName())).findFirst().orElseThrow();
            guardApi.getMethod("admit", String.class, Set.class).invoke(service, GIT, Set.of("files:read", "inbox:write", "process:git"));
            for (int i = 0; i < 10; i++) {   // warm-up: the JIT compiles the resolver, ASM and the hooks first
                installAndLoad(context, git, guard, i % 2 == 0);
            }
            long[] with = new long[ROUNDS];
            long[] without = new long[ROUNDS];
            int[] classes = new int[1];
            for (int r = 0; r < ROUNDS; r++) {
                for (int k = 0; k < 2; k++) {   // swap the order every round
                    boolean guarded = (r + k) % 2 == 0;
                    long[] result = installAndLoad(context, git, guard, guarded);
                    (guarded ? with : without)[r] = result[0];
                    classes[0] = (int) result[1];
                }
            }
            System.out.printf("%n[bench] installing the git plugin (install + resolve + load its %d classes + uninstall)%n",
                    classes[0]);
            System.out.printf("[bench]   with the guard          %8.2f ms%n", median(with) / 1e6);
            System.out.printf("[bench]   without (baseline)      %8.2f ms%n", median(without) / 1e6);
            System.out.printf("[bench]   ratio                   %8.2f x%n", (double) median(with) / median(without));
        } finally {
            framework.stop();
            framework.waitForStop(10_000);
        }
    }

    /** Starts or stops the guard (outside the timing), then times one install-to-uninstall cycle. */
    static long[] installAndLoad(BundleContext context, Path git, Bundle guard, boolean guarded) throws Exception {
        if (guarded && guard.getState() != Bundle.ACTIVE) {
            guard.start();
        } else if (!guarded && guard.getState() == Bundle.ACTIVE) {
            guard.stop();
        }
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        long t0 = System.nanoTime();
        Bundle plugin = context.installBundle("bench:" + System.nanoTime(), Files.newInputStream(git));
        if (!wiring.resolveBundles(List.of(plugin))) {
            try {
                plugin.start(); // names the missing requirement
            } catch (org.osgi.framework.BundleException e) {
                throw new IllegalStateException("the git plugin did not resolve: " + e.getMessage(), e);
            }
        }
        ClassLoader loader = plugin.adapt(BundleWiring.class).getClassLoader();
        List<String> names = new ArrayList<>();
        Enumeration<java.net.URL> entries = plugin.findEntries("io", "*.class", true);
        while (entries.hasMoreElements()) {
            String path = entries.nextElement().getPath();
            names.add(path.substring(1, path.length() - ".class".length()).replace('/', '.'));
        }
        for (String name : names) {
            loader.loadClass(name).getDeclaredMethods();   // links (and so verifies) without initialising
        }
        plugin.uninstall();
        CountDownLatch refreshed = new CountDownLatch(1);
        wiring.refreshBundles(List.of(plugin), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        refreshed.await(10, TimeUnit.SECONDS);
        return new long[] {System.nanoTime() - t0, names.size()};
    }

    /** A bundle of the build from the local Maven repository (a dependency would be a reactor cycle). */
    static Path jar(String artifactId) {
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName().toString().startsWith(artifactId + "-") && entry.endsWith(".jar")) {
                return p;
            }
        }
        throw new IllegalStateException(artifactId + " is not on the test class path (run with -Pbench)");
    }

    /** The shipped plugins' jars, named by the bench profile (mvn install them first). */
    static List<Path> shippedPlugins() {
        String list = System.getProperty("devrig.bench.plugins", "");
        List<Path> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                Path p = Path.of(s.strip());
                if (!Files.isRegularFile(p)) {
                    throw new IllegalStateException(p + " is missing: mvn install the plugins before -Pbench");
                }
                out.add(p);
            }
        }
        return out;
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
