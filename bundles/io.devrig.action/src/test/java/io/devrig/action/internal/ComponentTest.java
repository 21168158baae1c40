package io.devrig.action.internal;

import static io.devrig.action.internal.Fixtures.TEMPLATES;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.testing.TestExecutor;
import java.lang.reflect.Proxy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
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

    @Test
    void bindsUnbindsAndRanksServices() {
        ActionRegistryComponent component = new ActionRegistryComponent(TEMPLATES);
        try {
            TestExecutor builtIn = TestExecutor.of("data.one", (i, c) -> "core");
            TestExecutor plugin = TestExecutor.of("data.one", (i, c) -> "plugin");
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
