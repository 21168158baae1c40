package io.devrig.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.health.HealthResult;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.http.OutboundRequest;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The DS component with a minimal fake BundleContext: publication, health, stop. */
class OutboundHttpComponentTest {

    /** Records registerService calls; everything else is unsupported. */
    static final class FakeContext {
        final List<Object> registered = new ArrayList<>();
        final List<Dictionary<?, ?>> properties = new ArrayList<>();
        final AtomicBoolean unregistered = new AtomicBoolean();

        BundleContext context() {
            return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("registerService") && args[0] == OutboundHttp.class) {
                            registered.add(args[1]);
                            properties.add((Dictionary<?, ?>) args[2]);
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                                        if (m.getName().equals("unregister")) {
                                            unregistered.set(true);
                                            return null;
                                        }
                                        throw new UnsupportedOperationException(m.getName());
                                    });
                        }
                        throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void validConfigurationPublishesARunningClient() {
        FakeContext fake = new FakeContext();
        try (LocalServer server = new LocalServer()) {
            OutboundHttpComponent component = new OutboundHttpComponent(fake.context(),
                    HttpSettingsTest.config(new String[] {"127.0.0.1:" + server.port()}, 1000, 5000, 5, 1024),
                    Clients.FakeResolver.none());

            assertThat(component.name()).isEqualTo("outbound-http");
            HealthResult health = component.check();
            assertThat(health.isUp()).isTrue();
            // not started at activation (off the server's start path): the first request starts it
            assertThat(health.message()).isEqualTo("client ready, starts on the first request");
            assertThat(health.details()).containsEntry("allowListEntries", 1).containsEntry("maxRedirects", 5)
                    .containsEntry("maxResponseBytes", 1024);
            assertThat(fake.registered).singleElement().isInstanceOf(OutboundHttp.class);
            OutboundHttp http = (OutboundHttp) fake.registered.get(0);
            assertThat(http.send(OutboundRequest.get(URI.create(server.url("/c")))).bodyText()).isEqualTo("ok /c");
            assertThat(component.check().message()).isEqualTo("client started");

            component.deactivate();
            assertThat(fake.unregistered).isTrue();
            assertThat(component.check().isUp()).isFalse();
            assertThat(component.check().message()).contains("stopped");
        }
    }

    @Test
    void invalidConfigurationPublishesNothingAndSaysWhy() {
        FakeContext fake = new FakeContext();
        OutboundHttpComponent component = new OutboundHttpComponent(fake.context(),
                HttpSettingsTest.config(new String[] {"10.0.0.0/8", "192.168.1.0/33"}, 1000, 5000, 5, 1024),
                Clients.FakeResolver.none());
        assertThat(fake.registered).isEmpty();
        HealthResult health = component.check();
        assertThat(health.isUp()).isFalse();
        assertThat(health.message()).contains("'192.168.1.0/33'").contains("prefix length must be 0-32");
        component.deactivate();
    }
}
