package io.devrig.plugin.internal.host;

import io.devrig.api.plugin.PluginConstants;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * What the host watches in plugin bundles besides their services: DS components that failed
 * (Service Component Runtime DTOs), and what a stopped or uninstalled bundle left behind
 * (threads running its code or holding its class loader, a class loader still reachable).
 */
final class PluginWatch {

    /** A running plugin bundle as last seen: its class loader (weakly) and its classes. */
    private record Seen(String pluginId, WeakReference<ClassLoader> loader, Set<String> classes) {
    }

    private final Supplier<ServiceComponentRuntime> scr;
    private final Map<Long, Seen> seen = new ConcurrentHashMap<>();

    PluginWatch(Supplier<ServiceComponentRuntime> scr) {
        this.scr = scr;
    }

    /**
     * Why a component of the bundle does not run, or null: the first line of an activation
     * failure (DS 1.5), or the mandatory references that stay unsatisfied.
     */
    String componentProblem(Bundle bundle) {
        ServiceComponentRuntime runtime = scr.get();
        if (runtime == null || bundle.getState() != Bundle.ACTIVE) {
            return null;
        }
        for (ComponentDescriptionDTO description : runtime.getComponentDescriptionDTOs(bundle)) {
            if (!runtime.isComponentEnabled(description)) {
                continue;
            }
            String unmarked = withoutCapability(description, bundle);
            if (unmarked != null) {
                // told even before (or without) a registration: a delayed or unsatisfied component
                // would otherwise leave only the "unavailable" warning
                return "component " + description.name + " publishes " + unmarked + " without the service property "
                        + PluginConstants.CAPABILITY_PROPERTY + "=<kind>:<id> naming the descriptor entry it implements;"
                        + " no registry would ever see it";
            }
            for (ComponentConfigurationDTO config : runtime.getComponentConfigurationDTOs(description)) {
                if (config.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                    return "component " + description.name + " failed to activate: "
                            + PluginLifecycle.firstLine(config.failure);
                }
                if (config.state == ComponentConfigurationDTO.UNSATISFIED_REFERENCE) {
                    List<String> missing = new ArrayList<>();
                    for (UnsatisfiedReferenceDTO ref : config.unsatisfiedReferences) {
                        missing.add("'" + ref.name + "' (" + interfaceOf(description, ref.name) + ")");
                    }
                    return "component " + description.name + " cannot start: its mandatory reference"
                            + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                            + " cannot be satisfied; a plugin sees only its own services and the plugin SDK"
                            + " (io.devrig.api.plugin.sdk)";
                }
            }
        }
        return null;
    }

    /**
     * The first service type of the component that needs {@code devrig.capability} but has
     * none in the component's properties, or null (the rule of the registration check,
     * {@link PluginHostComponent#allowedWithoutCapability}).
     */
    static String withoutCapability(ComponentDescriptionDTO description, Bundle bundle) {
        if (description.serviceInterfaces == null || description.serviceInterfaces.length == 0
                || description.properties != null && description.properties.get(PluginConstants.CAPABILITY_PROPERTY) != null) {
            return null;
        }
        for (String type : description.serviceInterfaces) {
            if (!PluginHostComponent.allowedWithoutCapability(type, bundle)) {
                return type;
            }
        }
        return null;
    }

    private static String interfaceOf(ComponentDescriptionDTO description, String reference) {
        for (var ref : description.references) {
            if (ref.name.equals(reference)) {
                return ref.interfaceName;
            }
        }
        return "?";
    }

    /** Remembers a running plugin bundle's class loader and classes, to recognise what it leaves behind. */
    void remember(String pluginId, Bundle bundle) {
        BundleWiring wiring = bundle.adapt(BundleWiring.class);
        if (wiring == null || wiring.getClassLoader() == null) {
            return;
        }
        Set<String> classes = new HashSet<>();
        Collection<String> resources = wiring.listResources("/", "*.class",
                BundleWiring.LISTRESOURCES_LOCAL | BundleWiring.LISTRESOURCES_RECURSE);
        for (String resource : resources) {
            classes.add(resource.substring(0, resource.length() - ".class".length()).replace('/', '.'));
        }
        seen.put(bundle.getBundleId(), new Seen(pluginId, new WeakReference<>(wiring.getClassLoader()), Set.copyOf(classes)));
    }

    /**
     * Live threads running the bundle's code or holding its class loader as context class
     * loader, each described for the admin. The invoker's own idle threads do not count.
     */
    List<String> threadsLeftBehind(long bundleId) {
        Seen s = seen.get(bundleId);
        if (s == null) {
            return List.of();
        }
        ClassLoader loader = s.loader().get();
        String invokerThreads = "devrig-plugin-" + s.pluginId() + "-";
        List<String> found = new ArrayList<>();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            Thread t = e.getKey();
            if (t == Thread.currentThread() || !t.isAlive()) {
                continue;
            }
            StackTraceElement frame = null;
            for (StackTraceElement element : e.getValue()) {
                if (s.classes().contains(element.getClassName())) {
                    frame = element;
                    break;
                }
            }
            boolean holdsLoader = loader != null && t.getContextClassLoader() == loader
                    && !t.getName().startsWith(invokerThreads);
            if (frame != null || holdsLoader) {
                found.add("thread '" + t.getName() + "' (" + (t.isDaemon() ? "daemon" : "non-daemon") + ") is still "
                        + (frame != null ? "running its code at " + frame
                                : "alive with its class loader as context class loader"));
            }
        }
        return found;
    }

    /** Whether the bundle's last class loader can still be reached (after a garbage collection). */
    boolean loaderReachable(long bundleId) {
        Seen s = seen.get(bundleId);
        if (s == null) {
            return false;
        }
        for (int i = 0; i < 3 && s.loader().get() != null; i++) {
            System.gc(); // a request; a loader nothing holds goes within a few
        }
        return s.loader().get() != null;
    }

    void forget(long bundleId) {
        seen.remove(bundleId);
    }
}
