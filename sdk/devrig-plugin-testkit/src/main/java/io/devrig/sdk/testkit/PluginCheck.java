package io.devrig.sdk.testkit;

import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginDescriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build-time check of a plugin: its {@code plugin.json} read exactly as DevRig's plugin
 * host reads it, and the capabilities it declares compared with the
 * {@code devrig.capability} properties of the DS components the build produced. Each
 * problem is one line, e.g.
 * <pre>
 * plugin.json declares action tickets.close but no component publishes devrig.capability=action:tickets.close
 * component com.example.Other publishes devrig.capability=action:tickets.open but plugin.json declares no action tickets.open
 * component com.example.Close publishes io.devrig.api.action.ActionExecutor without a devrig.capability property
 * </pre>
 * The plugin parent runs it in every plugin's {@code mvn verify} ({@code PluginJsonCheckTest}).
 */
public final class PluginCheck {

    /** The services DevRig takes as capabilities, and the kind each publishes. */
    static final Map<String, String> CAPABILITY_SERVICES = Map.of(
            "io.devrig.api.action.ActionExecutor", PluginDescriptor.Action.KIND,
            "io.devrig.api.sync.DataSource", PluginDescriptor.DataSource.KIND,
            "io.devrig.api.action.ActionHook", PluginDescriptor.Hook.KIND,
            "javax.servlet.Servlet", PluginDescriptor.Page.KIND);

    private PluginCheck() {
    }

    /** The problems of the plugin built into {@code classes}; empty when DevRig would accept it as built. */
    public static List<String> problems(Path classes) {
        BuiltPlugin built = BuiltPlugin.read(classes);
        List<String> problems = new ArrayList<>(built.problems());
        if (built.descriptor() == null) {
            return problems;
        }
        Set<String> published = new LinkedHashSet<>();
        for (BuiltPlugin.Component c : built.components()) {
            List<String> kinds = c.services().stream().filter(CAPABILITY_SERVICES::containsKey)
                    .map(CAPABILITY_SERVICES::get).toList();
            if (c.capabilities().isEmpty()) {
                c.services().stream().filter(CAPABILITY_SERVICES::containsKey).forEach(service -> problems.add(
                        "component " + c.name() + " publishes " + service + " without a "
                                + PluginConstants.CAPABILITY_PROPERTY + " property (add property = \""
                                + PluginConstants.CAPABILITY_PROPERTY + "=" + CAPABILITY_SERVICES.get(service)
                                + ":<id>\" to its @Component)"));
            }
            for (String capability : c.capabilities()) {
                published.add(capability);
                int colon = capability.indexOf(':');
                String kind = colon < 0 ? capability : capability.substring(0, colon);
                String id = colon < 0 ? "" : capability.substring(colon + 1);
                if (!built.descriptor().capabilities().declares(kind, id)) {
                    problems.add("component " + c.name() + " publishes " + PluginConstants.CAPABILITY_PROPERTY + "="
                            + capability + " but plugin.json declares no " + kind + " " + id);
                } else if (!kinds.isEmpty() && !kinds.contains(kind)) {
                    problems.add("component " + c.name() + " publishes " + PluginConstants.CAPABILITY_PROPERTY + "="
                            + capability + " on " + String.join(", ", c.services()) + ", which is not a " + kind
                            + " service");
                }
            }
        }
        for (String declared : built.descriptor().capabilities().all()) {
            if (!published.contains(declared)) {
                int colon = declared.indexOf(':');
                problems.add("plugin.json declares " + declared.substring(0, colon) + " " + declared.substring(colon + 1)
                        + " but no component publishes " + PluginConstants.CAPABILITY_PROPERTY + "=" + declared);
            }
        }
        return problems;
    }
}
