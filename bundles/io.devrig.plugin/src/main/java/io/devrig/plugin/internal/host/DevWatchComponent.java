package io.devrig.plugin.internal.host;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

/**
 * The persisted development watch ({@code devrig:plugin-watch}): configuration
 * {@value #PID}, property {@code plugins} (plugin ids), kept by Config Admin across
 * restarts, so unlike {@code bundle:watch} it is back after a restart. Each watched plugin's
 * jar is checked every {@code intervalMs} (default 500); see {@link DevWatch}. The host logs
 * the "updated" line and starts the syncs ({@code PluginHostComponent.reloaded}).
 */
@Component(immediate = true, service = {}, configurationPid = DevWatchComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class DevWatchComponent {

    /** The configuration the shell's devrig:plugin-watch writes. */
    public static final String PID = "io.devrig.plugin.watch";
    /** Where mvn: locations are looked up when neither this PID nor Pax URL's system property names a repository. */
    static final String DEFAULT_REPOSITORY = System.getProperty("user.home") + "/.m2/repository";

    private final BundleContext context;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "devrig-plugin-watch");
        t.setDaemon(true);
        return t;
    });
    private volatile List<String> plugins = List.of();
    private ScheduledFuture<?> checks;

    @Activate
    public DevWatchComponent(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        modified(properties);
    }

    @Modified
    synchronized void modified(Map<String, Object> properties) {
        plugins = ids(properties.get("plugins"));
        Object repo = properties.getOrDefault("localRepository",
                System.getProperty("org.ops4j.pax.url.mvn.localRepository", DEFAULT_REPOSITORY));
        long interval = properties.get("intervalMs") == null ? 500
                : Math.max(100, Long.parseLong(properties.get("intervalMs").toString().trim()));
        DevWatch next = new DevWatch(Path.of(repo.toString()));
        if (checks != null) {
            checks.cancel(false);
        }
        checks = thread.scheduleWithFixedDelay(() -> next.check(plugins, this::bundle), 0, interval,
                TimeUnit.MILLISECONDS);
    }

    /** The {@code plugins} property: a list, an array, or one comma-separated string. */
    static List<String> ids(Object value) {
        List<String> ids = new ArrayList<>();
        if (value instanceof String[] array) {
            ids.addAll(Arrays.asList(array));
        } else if (value instanceof Iterable<?> list) {
            list.forEach(v -> ids.add(String.valueOf(v)));
        } else if (value != null) {
            ids.addAll(Arrays.asList(value.toString().split(",")));
        }
        return ids.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    private Optional<DevWatch.Target> bundle(String id) {
        for (Bundle b : context.getBundles()) {
            if (id.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED && OsgiPluginBundle.isPlugin(b)) {
                return Optional.of(new DevWatch.Target() {
                    @Override
                    public String location() {
                        return b.getLocation();
                    }

                    @Override
                    public long lastModified() {
                        return b.getLastModified();
                    }

                    @Override
                    public void update(InputStream jar) throws Exception {
                        b.update(jar);
                        // drop the old revision now (as bundle:update does), so its classes can go
                        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(b));
                    }
                });
            }
        }
        return Optional.empty();
    }

    @Deactivate
    void deactivate() {
        thread.shutdownNow();
    }
}
