package io.devrig.shell.internal;

import io.devrig.api.plugin.PluginInfo;
import io.devrig.api.plugin.PluginState;
import io.devrig.shell.internal.PluginRuntime.Component;
import io.devrig.shell.internal.PluginRuntime.Config;
import io.devrig.shell.internal.PluginRuntime.Service;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Declared (the descriptor the host accepted, {@link PluginInfo#capabilities()}) versus
 * published (services of the plugin's bundle with {@code devrig.capability}), with the
 * reason for every mismatch, read from the plugin's state, its bundle and Service Component
 * Runtime. One line per capability, then one per component that publishes a capability type
 * without the property (a service no registry will ever see).
 */
final class PluginDiagnosis {

    static final String PROPERTY = "devrig.capability";

    private PluginDiagnosis() {
    }

    /** The lines, e.g. {@code action:acme.close  declared, published (service 123)}. */
    static List<String> lines(PluginInfo p, PluginRuntime runtime) {
        String id = p.id();
        List<Service> services = runtime.services(id);
        List<Component> components = runtime.components(id);
        Set<String> declared = new LinkedHashSet<>(p.capabilities() == null ? List.of() : p.capabilities());
        Set<String> all = new LinkedHashSet<>(declared);
        services.stream().map(Service::capability).filter(c -> c != null).forEach(all::add);
        // refused by the host: the plugin is in error and its bundle stopped, so only the error names it
        String refused = refusedCapability(p);
        if (refused != null) {
            all.add(refused);
        }
        if (components != null) {
            components.stream().map(Component::capability).filter(c -> c != null).forEach(all::add);
        }
        int width = all.stream().mapToInt(String::length).max().orElse(0);
        List<String> lines = new ArrayList<>();
        for (String capability : all) {
            List<Long> ids = services.stream().filter(s -> capability.equals(s.capability())).map(Service::id).toList();
            String status;
            if (!declared.contains(capability)) {
                status = (ids.isEmpty() && !capability.equals(refused) ? "not declared, has a component"
                        : "published, not declared") + ": refused by the host (the descriptor does not declare it;"
                        + " other bundles never see it)";
            } else if (!ids.isEmpty()) {
                status = "declared, published (service" + (ids.size() == 1 ? " " : "s ") + join(ids) + ")"
                        + (p.state() == PluginState.ACTIVE ? "" : "; hidden while the plugin is " + p.state().wireName());
            } else {
                status = "declared, not published: " + whyMissing(p, runtime, capability, components);
            }
            lines.add(String.format("%-" + width + "s  %s", capability, status));
        }
        String unmarked = unmarkedService(p);
        if (unmarked != null) {
            lines.add(unmarked + " was published without " + PROPERTY + "=<kind>:<id>: refused by the host; add the"
                    + " property naming the descriptor entry it implements");
        }
        if (components != null) {
            for (Component c : components) {
                if (c.capability() == null && !c.services().isEmpty()) {
                    lines.add("component " + c.name() + " publishes " + String.join(", ", c.services())
                            + " without " + PROPERTY + "=<kind>:<id>: no registry ever sees it; add the property naming"
                            + " the descriptor entry it implements");
                }
            }
        }
        return lines;
    }

    // the host's wording for a refused service (PluginLifecycle.capabilityRegistered)
    private static final Pattern REFUSED = Pattern.compile("registered the capability '([^']+)' \\(service \\d+");
    private static final Pattern UNMARKED = Pattern.compile("published (service \\d+ \\[[^\\]]*\\]) without the service property");

    private static String refusedCapability(PluginInfo p) {
        Matcher m = p.state() == PluginState.ERROR && p.error() != null ? REFUSED.matcher(p.error()) : null;
        return m != null && m.find() ? PluginText.clean(m.group(1)) : null;
    }

    private static String unmarkedService(PluginInfo p) {
        Matcher m = p.state() == PluginState.ERROR && p.error() != null ? UNMARKED.matcher(p.error()) : null;
        return m != null && m.find() ? PluginText.clean(m.group(1)) : null;
    }

    private static String join(List<Long> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    private static String whyMissing(PluginInfo p, PluginRuntime runtime, String capability, List<Component> components) {
        String id = p.id();
        PluginState state = p.state();
        if (state == PluginState.ERROR) {
            return "the plugin is in error (see Error)";
        }
        if (state != PluginState.ACTIVE && state != null) {
            return "the plugin " + PluginText.statePhrase(p);
        }
        String bundle = runtime.bundleState(id).orElse(null);
        if (bundle == null) {
            return "no bundle with symbolic name " + id + " is installed";
        }
        if (!bundle.equals("active")) {
            return "its bundle is " + bundle + " (bundle:start " + id + ")";
        }
        if (components == null) {
            return "Service Component Runtime (SCR) is not running, so no component of the plugin runs";
        }
        List<Component> providers = components.stream().filter(c -> capability.equals(c.capability())).toList();
        if (providers.isEmpty()) {
            List<String> unmarked = components.stream().filter(c -> c.capability() == null && !c.services().isEmpty())
                    .map(Component::name).toList();
            return "no component has the property " + PROPERTY + "=" + capability
                    + (unmarked.isEmpty() ? " (a missing property or a different id)"
                            : "; " + String.join(", ", unmarked) + " publish" + (unmarked.size() == 1 ? "es" : "")
                                    + " without it");
        }
        List<String> reasons = new ArrayList<>();
        for (Component c : providers) {
            reasons.add(componentProblem(c));
        }
        return String.join("; ", reasons);
    }

    private static String componentProblem(Component c) {
        String name = "component " + c.name();
        if (!c.enabled()) {
            return name + " is disabled";
        }
        if (c.configurations().isEmpty()) {
            return name + " waits for its configuration";
        }
        for (Config config : c.configurations()) {
            switch (config.state()) {
                case "failed-activation":
                    return name + " failed to activate: " + firstLine(config.failure());
                case "unsatisfied-reference":
                    return name + " is unsatisfied: missing reference" + (config.missing().size() == 1 ? " " : "s ")
                            + String.join(", ", config.missing())
                            + "; a plugin sees only its own services and the plugin SDK (io.devrig.api.plugin.sdk)";
                case "unsatisfied-configuration":
                    return name + " waits for its configuration";
                default:
                    break;
            }
        }
        return name + " is " + c.configurations().get(0).state() + " but its service is not registered";
    }

    private static String firstLine(String text) {
        if (text == null || text.isBlank()) {
            return "no failure recorded";
        }
        String trimmed = text.strip();
        int end = trimmed.indexOf('\n');
        return (end < 0 ? trimmed : trimmed.substring(0, end)).strip();
    }
}
