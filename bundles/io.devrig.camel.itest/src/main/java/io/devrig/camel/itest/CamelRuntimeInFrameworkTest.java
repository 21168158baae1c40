package io.devrig.camel.itest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.camel.CamelRuntime;
import io.devrig.api.routes.ContextInfo;
import io.devrig.camel.InboundHeaders;
import io.devrig.camel.OwnedCamelContext;
import io.devrig.api.routes.RouteInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectComponent;
import org.apache.camel.component.file.FileComponent;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.timer.TimerComponent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * This bundle plays an adapter: it imports Camel from io.devrig.camel, asks the CamelRuntime
 * service for contexts and runs routes in them, inside a real framework.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class CamelRuntimeInFrameworkTest {

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    CamelRuntime runtime;

    @Test
    void theCamelBundleIsActiveAndTheAdapterWiresCamelToIt() {
        Bundle camel = bundle("io.devrig.camel");
        assertThat(camel.getState()).isEqualTo(Bundle.ACTIVE);
        ServiceReference<CamelRuntime> ref = context.getServiceReference(CamelRuntime.class);
        assertThat(ref.getBundle()).isEqualTo(camel);

        List<BundleWire> wires = FrameworkUtil.getBundle(getClass()).adapt(BundleWiring.class)
                .getRequiredWires(BundleRevision.PACKAGE_NAMESPACE);
        assertThat(wires).filteredOn(w -> String.valueOf(w.getCapability().getAttributes().get("osgi.wiring.package"))
                .startsWith("org.apache.camel")).isNotEmpty()
                .allSatisfy(w -> assertThat(w.getProvider().getBundle()).isEqualTo(camel));
    }

    @Test
    void timerFileAndDirectRoutesRunAndStopCleanly(@TempDir Path dir) throws Exception {
        Path inbox = Files.createDirectories(dir.resolve("in"));
        CountDownLatch ticks = new CountDownLatch(3);
        CountDownLatch picked = new CountDownLatch(1);
        StringBuilder pickedBody = new StringBuilder();

        OwnedCamelContext owned = runtime.start("itest-adapter", c -> {
            c.addComponent("timer", new TimerComponent());
            c.addComponent("file", new FileComponent());
            c.addComponent("direct", new DirectComponent());
            c.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:tick?period=20").routeId("tick").process(e -> ticks.countDown());
                    // GenericFile -> String goes through the merged TypeConverterLoader file
                    from("file:" + inbox.toAbsolutePath() + "?delay=20&initialDelay=0").routeId("pick")
                            .process(e -> {
                                pickedBody.append(e.getMessage().getBody(String.class));
                                picked.countDown();
                            });
                    // the simple language is discovered inside io.devrig.camel
                    from("direct:greet").routeId("greet").process(InboundHeaders.processor())
                            .setBody(simple("hello ${header.who}, ${header.CamelFileName}"));
                }
            });
        });
        Files.writeString(inbox.resolve("a.txt"), "from disk");

        assertThat(ticks.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(picked.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(pickedBody).hasToString("from disk");
        ProducerTemplate producer = owned.context().createProducerTemplate();
        Object greeting = producer.requestBodyAndHeaders("direct:greet", "",
                Map.of("who", "osgi", "cAmElFileName", "evil"));
        producer.close();
        assertThat(greeting).isEqualTo("hello osgi, ");

        ContextInfo info = runtime.contexts().stream().filter(c -> c.name().equals("itest-adapter")).findFirst().orElseThrow();
        assertThat(info.routes()).extracting(RouteInfo::id).containsExactly("greet", "pick", "tick");
        assertThat(info.routes()).allSatisfy(r -> assertThat(r.state()).isEqualTo("Started"));

        owned.close();

        assertThat(runtime.contexts()).extracting(ContextInfo::name).doesNotContain("itest-adapter");
        assertThat(QuartzAndLifecycleTest.threadsLeft("itest-adapter")).isEmpty();
    }

    @Test
    void aQuartzCronRouteFires() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        try (OwnedCamelContext owned = runtime.start("itest-quartz", c -> {
            c.addComponent("quartz", new QuartzComponent());
            c.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("quartz://itest/everySecond?cron=* * * * * ?").routeId("cron").process(e -> fired.countDown());
                }
            });
        })) {
            assertThat(fired.await(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(QuartzAndLifecycleTest.threadsLeft("itest-quartz")).isEmpty();
    }

    /**
     * What Camel finds by name when nothing was added: components of io.devrig.camel (its
     * META-INF/services files), and components of the adapter bundle itself (the runtime makes
     * the adapter's class loader the context's application class loader); nothing else.
     */
    @Test
    void discoveryByNameInsideOsgi() throws Exception {
        try (OwnedCamelContext owned = runtime.start("itest-discovery", c -> { })) {
            CamelContext c = owned.context();
            assertThat(c.getComponent("timer")).isInstanceOf(TimerComponent.class);
            assertThat(c.getComponent("file")).isInstanceOf(FileComponent.class);
            assertThat(c.resolveLanguage("simple")).isNotNull();
            assertThat(c.getComponent("devrig-echo")).isInstanceOf(EchoComponent.class);
            assertThat(c.getComponent("http")).as("not shipped").isNull();
            assertThatThrownBy(() -> c.getEndpoint("http://127.0.0.1/")).hasMessageContaining("http");
        }
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
