package io.devrig.trigger.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/** The URL devrig:hooks shows: what the HTTP runtime announces, else the configured port. */
class BaseUrlTest {

    @Test
    void theRuntimesEndpointWins() {
        // as Pax Web 8 announces it (seen in the distribution: osgi.http.endpoint = [http://127.0.0.1:32917/])
        assertThat(HookRegistry.baseUrl(context(new String[] {"http://127.0.0.1:32917/"}, Map.of())))
                .isEqualTo("http://127.0.0.1:32917");
        assertThat(HookRegistry.baseUrl(context("http://127.0.0.1:8282", Map.of()))).isEqualTo("http://127.0.0.1:8282");
    }

    @Test
    void withoutItThePortProperty() {
        assertThat(HookRegistry.baseUrl(context(null, Map.of("org.osgi.service.http.port", "9191"))))
                .isEqualTo("http://127.0.0.1:9191");
        assertThat(HookRegistry.baseUrl(context(null, Map.of()))).isEqualTo("http://127.0.0.1:8181");
    }

    /** A bundle context with at most one HTTP runtime, whose endpoint property is {@code endpoint}. */
    private static BundleContext context(Object endpoint, Map<String, String> properties) {
        ServiceReference<?> ref = (ServiceReference<?>) Proxy.newProxyInstance(BaseUrlTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class},
                (p, m, a) -> "getProperty".equals(m.getName()) && "osgi.http.endpoint".equals(a[0]) ? endpoint : null);
        return (BundleContext) Proxy.newProxyInstance(BaseUrlTest.class.getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getServiceReferences" -> endpoint == null ? null : new ServiceReference<?>[] {ref};
                    case "getProperty" -> properties.get((String) a[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }
}
