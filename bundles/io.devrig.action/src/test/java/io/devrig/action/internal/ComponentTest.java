package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.testing.TestExecutor;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The component's own part: mapping service references to plugin ids, rankings and ids. */
class ComponentTest {

    @Test
    void pluginIdComesFromThePluginHeader() {
        assertThat(ActionRegistryComponent.pluginId("acme.github", "OSGI-INF/devrig/plugin.json")).isEqualTo("acme.github");
        assertThat(ActionRegistryComponent.pluginId("io.devrig.action.data", null)).isNull();
    }

    /** A plugin host that accepted one descriptor. */
    static PluginAdmin host(PluginDescriptor accepted) {
        return host(() -> accepted);
    }

    /** A plugin host that knows the descriptor {@code known} gives at the time it is asked (null: none yet). */
    static PluginAdmin host(java.util.function.Supplier<PluginDescriptor> known) {
        return (PluginAdmin) Proxy.newProxyInstance(PluginAdmin.class.getClassLoader(), new Class<?>[] {PluginAdmin.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "descriptor" -> Optional.ofNullable(known.get() != null && known.get().name().equals(args[0])
                            ? known.get() : null);
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static PluginDescriptor plugin(String name, PluginDescriptor.Action... actions) {
        return new PluginDescriptor(name, "1.0.0", name, null, null, null, null, null, null, null,
                new PluginDescriptor.Capabilities(null, List.of(actions), null, null, null), null,
                Map.of("in.json", "{\"type\":\"object\",\"required\":[\"n\"]}"));
    }

    @Test
    void bindsUnbindsAndRanksServices() {
        ActionRegistryComponent component = new ActionRegistryComponent(TEMPLATES);
        component.bindAdmin(host(plugin("acme.data",
                new PluginDescriptor.Action("data.one", "One", null, null, null, null, null, false, null))));
        try {
            TestExecutor builtIn = TestExecutor.of("data.one", (i, c) -> "core");
            ActionExecutor plugin = (i, c) -> "plugin"; // behaviour only, as a plugin writes it
            ServiceReference<ActionExecutor> coreRef = ref(bundle("io.devrig.action.data", null), 1L, null, null);
            ServiceReference<ActionExecutor> pluginRef = ref(bundle("acme.data", "OSGI-INF/devrig/plugin.json"), 2L, 10,
                    "action:data.one");
            component.addExecutor(builtIn, coreRef);
            assertThat(component.pluginId("data.one")).isEmpty();
            component.addExecutor(plugin, pluginRef);
            assertThat(component.pluginId("data.one")).contains("acme.data");
            component.removeExecutor(pluginRef);
            assertThat(component.pluginId("data.one")).isEmpty();
            component.removeExecutor(coreRef);
            assertThat(component.has("data.one")).isFalse();

            // a plugin's executor without the capability property is refused
            ServiceReference<ActionExecutor> sneaky = ref(bundle("acme.data", "x"), 3L, null, null);
            component.addExecutor(plugin, sneaky);
            assertThat(component.has("data.one")).isFalse();
        } finally {
            component.deactivate();
        }
    }

    /** Behaviour only, as a plugin author writes it: no descriptor(), no preview(). */
    static final class Behaviour implements ActionExecutor {
        @Override
        public Object execute(Object input, ActionContext context) {
            return "ran";
        }
    }

    @Test
    void aPluginsExecutorGetsTheDescriptorItsPluginDeclared() {
        ActionRegistryComponent component = new ActionRegistryComponent(TEMPLATES);
        try {
            ServiceReference<ActionExecutor> ref = ref(bundle("acme.github", "OSGI-INF/devrig/plugin.json"), 7L, null,
                    "action:github.comment");
            component.addExecutor(new Behaviour(), ref);
            assertThat(component.has("github.comment")).as("waits for the plugin host").isFalse();

            component.bindAdmin(host(plugin("acme.github", new PluginDescriptor.Action("github.comment",
                    "Comment on GitHub", "Posts a comment.", null, "in.json", null, null, true, 2))));
            ActionDescriptor d = component.descriptor("github.comment").orElseThrow();
            assertThat(d.name()).isEqualTo("Comment on GitHub");
            assertThat(d.description()).isEqualTo("Posts a comment.");
            assertThat(d.category()).isEqualTo("github");
            assertThat(d.inputSchema()).contains("\"required\"");
            assertThat(d.sideEffects()).isTrue();
            assertThat(d.configVersion()).isEqualTo(2);
            assertThat(component.pluginId("github.comment")).contains("acme.github");
            assertThat(component.validateConfig("github.comment", Map.of())).singleElement().asString().contains("n");
            ActionExecutor described = DeclaredAction.of(new Behaviour(), plugin("acme.github", new PluginDescriptor.Action(
                    "github.comment", "C", null, null, null, null, null, null, null)), "action:github.comment").orElseThrow();
            assertThat(described.preview(Map.of(), null)).asString().contains("actionType=github.comment");

            // a capability that names no declared action is not taken
            component.addExecutor(new Behaviour(), ref(bundle("acme.github", "x"), 8L, null, "action:github.wipe"));
            assertThat(component.has("github.wipe")).isFalse();
            component.removeExecutor(ref);
            assertThat(component.has("github.comment")).isFalse();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void aPluginsExecutorThatDescribesItselfIsRefused() {
        // one input schema: plugin.json's; an ActionDescriptor.of(...) schema text beside it is an error
        ActionRegistryComponent component = new ActionRegistryComponent(TEMPLATES);
        component.bindAdmin(host(plugin("acme.github", new PluginDescriptor.Action("github.comment", "Comment", null,
                null, "in.json", null, null, true, null))));
        try {
            TestExecutor twice = TestExecutor.of("github.comment", (i, c) -> "ran");
            component.addExecutor(twice, ref(bundle("acme.github", "OSGI-INF/devrig/plugin.json"), 11L, null,
                    "action:github.comment"));
            assertThat(component.has("github.comment")).isFalse();

            component.addExecutor(new Behaviour(), ref(bundle("acme.github", "OSGI-INF/devrig/plugin.json"), 12L, null,
                    "action:github.comment"));
            assertThat(component.descriptor("github.comment").orElseThrow().inputSchema()).contains("\"n\"");
            assertThat(DeclaredAction.describesItself(Behaviour.class)).isFalse();
            assertThat(DeclaredAction.describesItself(TestExecutor.class)).isTrue();
        } finally {
            component.deactivate();
        }
    }

    @Test
    void anExecutorThatArrivesBeforeTheHostKnowsItsPluginIsTakenUpOnceItDoes() {
        // the host is there but still reading its bundles: a plugin starting at boot registers its
        // services before the host has its descriptor (seen in the end-to-end test as a lost git.status)
        java.util.concurrent.atomic.AtomicReference<PluginDescriptor> known = new java.util.concurrent.atomic.AtomicReference<>();
        ActionRegistryComponent component = new ActionRegistryComponent(TEMPLATES);
        component.bindAdmin(host(known::get));
        try {
            component.addExecutor(new Behaviour(), ref(bundle("io.devrig.plugin.git", "OSGI-INF/devrig/plugin.json"), 9L,
                    null, "action:git.status"));
            assertThat(component.has("git.status")).as("the host does not know the plugin yet").isFalse();

            known.set(plugin("io.devrig.plugin.git", new PluginDescriptor.Action("git.status", "Status", null, null,
                    null, null, null, false, null)));
            assertThat(component.has("git.status")).as("taken up on the next read").isTrue();
            assertThat(component.pluginId("git.status")).contains("io.devrig.plugin.git");
        } finally {
            component.deactivate();
        }
    }

    private static Bundle bundle(String symbolicName, String pluginHeader) {
        Dictionary<String, String> headers = new Hashtable<>();
        if (pluginHeader != null) {
            headers.put(PluginConstants.PLUGIN_HEADER, pluginHeader);
        }
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "getHeaders" -> headers;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @SuppressWarnings("unchecked")
    private static ServiceReference<ActionExecutor> ref(Bundle bundle, long id, Integer ranking, String capability) {
        Map<String, Object> props = new java.util.HashMap<>();
        props.put(Constants.SERVICE_ID, id);
        if (ranking != null) {
            props.put(Constants.SERVICE_RANKING, ranking);
        }
        if (capability != null) {
            props.put(PluginConstants.CAPABILITY_PROPERTY, capability);
        }
        return (ServiceReference<ActionExecutor>) Proxy.newProxyInstance(ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundle" -> bundle;
                    case "getProperty" -> props.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
