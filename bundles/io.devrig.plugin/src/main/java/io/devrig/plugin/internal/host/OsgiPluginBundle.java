package io.devrig.plugin.internal.host;

import io.devrig.api.plugin.PluginConstants;
import io.devrig.common.plugin.DescriptorReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.framework.startlevel.BundleStartLevel;
import io.devrig.plugin.guard.PluginGuard;

/** {@link PluginBundle} over a real OSGi bundle. */
final class OsgiPluginBundle implements PluginBundle {

    private final Bundle bundle;
    private final PluginGuard guard;
    private final FrameworkWiring wiring;

    OsgiPluginBundle(Bundle bundle, PluginGuard guard, FrameworkWiring wiring) {
        this.bundle = bundle;
        this.guard = guard;
        this.wiring = wiring;
    }

    Bundle bundle() {
        return bundle;
    }

    static boolean isPlugin(Bundle bundle) {
        return bundle.getHeaders("").get(PluginConstants.PLUGIN_HEADER) != null;
    }

    @Override
    public long bundleId() {
        return bundle.getBundleId();
    }

    @Override
    public String symbolicName() {
        return bundle.getSymbolicName();
    }

    @Override
    public String version() {
        return bundle.getVersion().toString();
    }

    @Override
    public String location() {
        return bundle.getLocation();
    }

    @Override
    public long lastModified() {
        return bundle.getLastModified();
    }

    @Override
    public String descriptorLocation() {
        String header = bundle.getHeaders("").get(PluginConstants.PLUGIN_HEADER);
        return header == null || header.isBlank() ? DescriptorReader.DEFAULT_LOCATION : header.trim();
    }

    @Override
    public Optional<byte[]> entry(String path) {
        // getEntry: the bundle's own content, without resolving it or asking its class loader
        URL url;
        try {
            url = bundle.getEntry(path);
        } catch (NullPointerException replaced) {
            // Felix closed this revision's content: the bundle was updated again while its event
            // waited; the update's own event follows and is judged on the new content
            throw new IllegalStateException("bundle " + bundle.getSymbolicName() + " was replaced while being read");
        }
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String resolutionProblem() {
        if (bundle.getState() != Bundle.INSTALLED) {
            return null;
        }
        // Judge the engine requirement ourselves instead of asking the framework to resolve:
        // resolving here, on the host thread, could collide with someone starting the bundle.
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision != null) {
            Map<String, Object> engine = Map.of(PluginConstants.ENGINE_NAMESPACE, "core", "version",
                    Version.parseVersion(PluginConstants.ENGINE_VERSION));
            for (BundleRequirement requirement : revision.getDeclaredRequirements(PluginConstants.ENGINE_NAMESPACE)) {
                String filter = requirement.getDirectives().get("filter");
                try {
                    if (filter != null) {
                        Filter f = FrameworkUtil.createFilter(filter);
                        if (!f.matches(engine)) {
                            return "needs a DevRig engine matching " + filter + "; this DevRig provides engine "
                                    + PluginConstants.ENGINE_VERSION;
                        }
                    }
                } catch (InvalidSyntaxException e) {
                    return "its devrig.engine requirement has an invalid filter: " + filter;
                }
            }
        }
        return null; // not resolved yet, for reasons the framework reports when it is started
    }

    @Override
    public boolean running() {
        int state = bundle.getState();
        return state == Bundle.ACTIVE || state == Bundle.STARTING;
    }

    @Override
    public void startTransient() throws Exception {
        bundle.start(Bundle.START_TRANSIENT);
    }

    @Override
    public void stopTransient() throws Exception {
        bundle.stop(Bundle.STOP_TRANSIENT);
    }

    @Override
    public boolean hasGuardedServices() {
        // every service of a plugin is guarded: hidden until judged, refused unless declared
        org.osgi.framework.ServiceReference<?>[] services = bundle.getRegisteredServices();
        return services != null && services.length > 0;
    }

    @Override
    public boolean persistentlyStarted() {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return level != null && level.isPersistentlyStarted();
    }

    @Override
    public boolean startLevelReached() {
        BundleStartLevel own = bundle.adapt(BundleStartLevel.class);
        org.osgi.framework.startlevel.FrameworkStartLevel framework = wiring.getBundle()
                .adapt(org.osgi.framework.startlevel.FrameworkStartLevel.class);
        return own == null || framework == null || own.getStartLevel() <= framework.getStartLevel();
    }

    @Override
    public boolean resolved() {
        int state = bundle.getState();
        return state != Bundle.INSTALLED && state != Bundle.UNINSTALLED;
    }

    @Override
    public void refresh() {
        wiring.refreshBundles(java.util.List.of(bundle));
    }

    @Override
    public String wiringProblem() {
        return guard.wiringProblem(bundle);
    }
}
