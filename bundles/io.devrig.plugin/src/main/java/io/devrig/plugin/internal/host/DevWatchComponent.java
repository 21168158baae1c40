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
 * jar is checked every {@code intervalMs} (default 500); see {@link DevWatch}. mvn: locations
 * are looked up in {@code localRepository}, else Pax URL's {@value #PAX_URL_REPOSITORY}
 * (its configuration, then the system property), else {@code ~/.m2/repository}. The host logs
 * the "updated" line and starts the syncs ({@code PluginHostComponent.reloaded}).
 */
@Component(immediate = true, service = {}, configurationPid = DevWatchComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class DevWatchComponent {

    /** The configuration the shell's devrig:plugin-watch writes. */
    public static final String PID = "io.devrig.plugin.watch";
    static final String PAX_URL_REPOSITORY = "org.ops4j.pax.url.mvn.localRepository";
    /** Where mvn: locations are looked up when neither this PID nor Pax URL's configuration names a repository. */
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
        Object repo = properties.get("localRepository");
        if (repo == null) {
            repo = paxUrlRepository().orElse(System.getProperty(PAX_URL_REPOSITORY, DEFAULT_REPOSITORY));
        }
        long interval = properties.get("intervalMs") == null ? 500
                : Math.max(100, Long.parseLong(properties.get("intervalMs").toString().trim()));
        DevWatch next = new DevWatch(Path.of(repo.toString()));
        if (checks != null) {
            checks.cancel(false);
        }
        checks = thread.scheduleWithFixedDelay(() -> next.check(plugins, this::bundle), 0, interval,
                TimeUnit.MILLISECONDS);
    }

    /**
     * The local repository Karaf resolves mvn: locations from (etc/org.ops4j.pax.url.mvn.cfg),
     * listed rather than fetched: getConfiguration would create and bind the PID to this bundle.
     */
    private Optional<String> paxUrlRepository() {
        org.osgi.framework.ServiceReference<org.osgi.service.cm.ConfigurationAdmin> ref =
                context.getServiceReference(org.osgi.service.cm.ConfigurationAdmin.class);
        if (ref == null) {
            return Optional.empty();
        }
        try {
            org.osgi.service.cm.ConfigurationAdmin admin = context.getService(ref);
            org.osgi.service.cm.Configuration[] found = admin == null ? null
                    : admin.listConfigurations("(service.pid=org.ops4j.pax.url.mvn)");
            Object value = found == null || found[0].getProperties() == null ? null
                    : found[0].getProperties().get(PAX_URL_REPOSITORY);
            return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString().strip());
        } catch (Exception unreadable) {
            return Optional.empty();
        } finally {
            context.ungetService(ref);
        }
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
