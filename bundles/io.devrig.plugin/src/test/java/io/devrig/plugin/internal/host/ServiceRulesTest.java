package io.devrig.plugin.internal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.URL;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** Which service types a plugin may publish without devrig.capability, and copies of the API it must not use. */
class ServiceRulesTest {

    /** A bundle whose jar holds exactly these class files. */
    private static Bundle bundleWith(String... classes) {
        Set<String> entries = Set.of(classes);
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (self, method, args) -> method.getName().equals("getEntry") && entries.contains(args[0])
                        ? new URL("file:/" + args[0]) : null);
    }

    @Test
    void eventHandlersAndThePluginsOwnTypesNeedNoCapabilityACopyOfTheApiDoes() {
        Bundle plugin = bundleWith("com/acme/Cache.class", "io/devrig/api/action/ActionExecutor.class");
        assertThat(PluginHostComponent.allowedWithoutCapability("org.osgi.service.event.EventHandler", plugin)).isTrue();
        assertThat(PluginHostComponent.allowedWithoutCapability("com.acme.Cache", plugin)).isTrue();
        assertThat(PluginHostComponent.allowedWithoutCapability("io.devrig.api.sync.DataSource", plugin)).isFalse();
        assertThat(PluginHostComponent.allowedWithoutCapability("io.devrig.api.action.ActionExecutor", plugin))
                .as("embedded, yet still DevRig's type to everyone else").isFalse();
    }

    /** A service of these types, assignable to the API bundle only for the given ones. */
    private static org.osgi.framework.ServiceReference<?> service(String[] types, Set<String> devrigTypes) {
        return (org.osgi.framework.ServiceReference<?>) Proxy.newProxyInstance(Bundle.class.getClassLoader(),
                new Class<?>[] {org.osgi.framework.ServiceReference.class}, (self, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "objectClass".equals(args[0]) ? types : null;
                    case "isAssignableTo" -> devrigTypes.contains(args[1]);
                    default -> null;
                });
    }

    @Test
    void aServiceWhoseApiTypeIsNotDevRigsOwnClassIsFound() {
        Bundle api = bundleWith();
        String[] executor = {"io.devrig.api.action.ActionExecutor"};
        assertThat(PluginHostComponent.embeddedApiType(service(executor, Set.of()), api))
                .as("the plugin's own copy of the package").isEqualTo("io.devrig.api.action.ActionExecutor");
        assertThat(PluginHostComponent.embeddedApiType(service(executor, Set.of(executor[0])), api))
                .as("imported (or a copy it imports anyway)").isNull();
        assertThat(PluginHostComponent.embeddedApiType(service(new String[] {"com.acme.Cache"}, Set.of()), api))
                .as("not an API type").isNull();
        assertThat(PluginHostComponent.embeddedApiType(service(executor, Set.of()), null)).as("no API bundle").isNull();
    }
}
