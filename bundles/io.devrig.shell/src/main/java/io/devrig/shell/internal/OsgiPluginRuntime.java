package io.devrig.shell.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

/**
 * {@link PluginRuntime} over the framework: the plugin's bundle by symbolic name, Service
 * Component Runtime's DTOs, the bundle's registered services ({@code Bundle.getRegisteredServices}
 * is not filtered by the host's find hooks, so hidden and refused services show too), and the
 * watch list in configuration {@value #WATCH_PID}.
 */
final class OsgiPluginRuntime implements PluginRuntime, PluginCommands.WatchList, PluginCommands.BundleUpdater {

    /** The plugin host's development watch (its DevWatchComponent reads it). */
    static final String WATCH_PID = "io.devrig.plugin.watch";
    static final String WATCH_PROPERTY = "plugins";
    private static final String CAPABILITY = "devrig.capability";
    private static final String EVENT_HANDLER = "org.osgi.service.event.EventHandler";

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final ConfigurationAdmin config;

    /** @param scr null when SCR is not running; @param config null when Config Admin is not running */
    OsgiPluginRuntime(BundleContext context, ServiceComponentRuntime scr, ConfigurationAdmin config) {
        this.context = context;
        this.scr = scr;
        this.config = config;
    }

    private Optional<Bundle> bundle(String pluginId) {
        if (context == null) {
            return Optional.empty();
        }
        for (Bundle b : context.getBundles()) {
            if (pluginId.equals(b.getSymbolicName()) && b.getState() != Bundle.UNINSTALLED) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> bundleState(String pluginId) {
        return bundle(pluginId).map(b -> switch (b.getState()) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        });
    }

    @Override
    public List<Component> components(String pluginId) {
        if (scr == null) {
            return null;
        }
        Optional<Bundle> bundle = bundle(pluginId);
        List<Component> result = new ArrayList<>();
        if (bundle.isEmpty()) {
            return result;
        }
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(bundle.get())) {
            List<Config> configs = new ArrayList<>();
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                List<String> missing = new ArrayList<>();
                if (c.unsatisfiedReferences != null) {
                    for (UnsatisfiedReferenceDTO ref : c.unsatisfiedReferences) {
                        missing.add("'" + ref.name + "' (" + interfaceOf(d, ref.name) + ")");
                    }
                }
                configs.add(new Config(state(c.state), c.failure, missing));
            }
            Object capability = d.properties == null ? null : d.properties.get(CAPABILITY);
            List<String> types = new ArrayList<>();
            if (d.serviceInterfaces != null) {
                for (String type : d.serviceInterfaces) {
                    // the host's rule: event handlers and the plugin's own types need no capability
                    // (a copy of a DevRig API type inside the plugin is no type of its own)
                    if (!type.equals(EVENT_HANDLER) && (type.startsWith("io.devrig.api.")
                            || bundle.get().getEntry(type.replace('.', '/') + ".class") == null)) {
                        types.add(type);
                    }
                }
            }
            result.add(new Component(d.name, scr.isComponentEnabled(d),
                    capability instanceof String s ? s : null, types, configs));
        }
        return result;
    }

    private static String interfaceOf(ComponentDescriptionDTO d, String reference) {
        if (d.references != null) {
            for (ReferenceDTO ref : d.references) {
                if (ref.name.equals(reference)) {
                    return ref.interfaceName;
                }
            }
        }
        return "?";
    }

    private static String state(int state) {
        return switch (state) {
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> "unsatisfied-configuration";
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> "unsatisfied-reference";
            case ComponentConfigurationDTO.SATISFIED -> "satisfied";
            case ComponentConfigurationDTO.ACTIVE -> "active";
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> "failed-activation";
            default -> "unknown";
        };
    }

    @Override
    public List<Service> services(String pluginId) {
        List<Service> result = new ArrayList<>();
        Optional<Bundle> bundle = bundle(pluginId);
        ServiceReference<?>[] refs = bundle.isEmpty() ? null : bundle.get().getRegisteredServices();
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                Object types = ref.getProperty(Constants.OBJECTCLASS);
                Object capability = ref.getProperty(CAPABILITY);
                result.add(new Service((Long) ref.getProperty(Constants.SERVICE_ID),
                        types instanceof String[] t ? List.of(t) : List.of(),
                        capability instanceof String s ? s : null));
            }
        }
        return result;
    }

    @Override
    public String[] update(String pluginId) throws Exception {
        Optional<Bundle> found = bundle(pluginId);
        if (found.isEmpty()) {
            return null;
        }
        Bundle b = found.get();
        String before = b.getVersion().toString();
        b.update(); // from its location, through Karaf's URL handlers (mvn:, file:), as bundle:update
        // drop the old revision (as bundle:update does); the host judges the new one
        context.getBundle(0).adapt(org.osgi.framework.wiring.FrameworkWiring.class).refreshBundles(List.of(b));
        return new String[] {b.getLocation(), before, b.getVersion().toString()};
    }

    @Override
    public List<String> watched() {
        if (config == null) {
            return List.of();
        }
        try {
            Configuration c = config.getConfiguration(WATCH_PID, "?");
            Dictionary<String, Object> props = c.getProperties();
            return props == null ? List.of() : ids(props.get(WATCH_PROPERTY));
        } catch (IOException e) {
            return List.of();
        }
    }

    @Override
    public boolean available() {
        return config != null;
    }

    @Override
    public void setWatched(List<String> pluginIds) throws IOException {
        // "?": any bundle may bind it; the host's DevWatchComponent reads it
        Configuration c = config.getConfiguration(WATCH_PID, "?");
        Dictionary<String, Object> props = c.getProperties();
        java.util.Hashtable<String, Object> next = new java.util.Hashtable<>();
        if (props != null) {
            for (var keys = props.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                next.put(key, props.get(key));
            }
        }
        next.put(WATCH_PROPERTY, pluginIds.toArray(String[]::new));
        c.update(next);
    }

    /** As the shell writes it (an array), or as typed into a .cfg file (one comma-separated string). */
    private static List<String> ids(Object value) {
        String[] ids = value instanceof String[] array ? array : value == null ? new String[0] : value.toString().split(",");
        return java.util.Arrays.stream(ids).map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
