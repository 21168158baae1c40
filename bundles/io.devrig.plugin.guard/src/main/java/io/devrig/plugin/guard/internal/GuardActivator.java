package io.devrig.plugin.guard.internal;

import io.devrig.plugin.guard.PluginGuard;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Skeleton: admission through a resolver hook, in memory. The full guard (persisted
 * admissions, package allow-list, class checks) replaces it.
 */
public final class GuardActivator implements BundleActivator, PluginGuard, ResolverHookFactory {

    static final String PLUGIN_HEADER = "DevRig-Plugin";

    private final Map<String, Set<String>> admitted = new ConcurrentHashMap<>();
    private ServiceRegistration<?> registration;

    @Override
    public void start(BundleContext context) {
        registration = context.registerService(new String[] {PluginGuard.class.getName(),
                ResolverHookFactory.class.getName()}, this, null);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }

    @Override
    public void admit(String pluginId, Set<String> granted) {
        admitted.put(pluginId, Set.copyOf(granted));
    }

    @Override
    public void bar(String pluginId) {
        admitted.remove(pluginId);
    }

    @Override
    public String wiringProblem(org.osgi.framework.Bundle bundle) {
        return null;
    }

    @Override
    public boolean admitted(String pluginId) {
        return admitted.containsKey(pluginId);
    }

    @Override
    public List<String> refusals(String pluginId) {
        return List.of();
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                candidates.removeIf(r -> r.getBundle().getHeaders("").get(PLUGIN_HEADER) != null
                        && !admitted.containsKey(r.getSymbolicName()));
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisions) {
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
            }

            @Override
            public void end() {
            }
        };
    }
}
