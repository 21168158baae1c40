package io.devrig.camel.internal;

import io.devrig.camel.CamelRuntime;
import io.devrig.camel.CamelSetup;
import io.devrig.api.routes.ContextInfo;
import io.devrig.camel.EndpointUris;
import io.devrig.camel.OwnedCamelContext;
import io.devrig.api.routes.RouteInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates, names, starts, lists and stops the contexts adapters own. */
public final class ContextRegistry implements CamelRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ContextRegistry.class);

    // a route still busy after this long is stopped anyway: deactivate must not hang
    // (Camel's default is 45 s per context)
    static final int SHUTDOWN_TIMEOUT_SECONDS = 10;

    private final Map<String, Owned> running = new ConcurrentHashMap<>();

    @Override
    public OwnedCamelContext start(String name, CamelSetup setup) throws Exception {
        Objects.requireNonNull(setup, "setup");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a Camel context needs a name");
        }
        // named before it is built: the thread pool manager reads the name when it is built,
        // and Camel's thread names ("Camel (name) thread #1 - timer://tick") then carry it
        DefaultCamelContext context = new DefaultCamelContext(false);
        context.getCamelContextExtension().setName(name);
        // classes named in routes (beans, types) are the adapter's; Camel's own resources
        // (META-INF/services/org/apache/camel/*) are still found through this bundle
        context.setApplicationContextClassLoader(setup.getClass().getClassLoader());
        context.disableJMX();
        context.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT_SECONDS);
        RouteCounters counters = new RouteCounters();
        context.addRoutePolicyFactory(counters);
        Owned owned = new Owned(name, context, counters);
        if (running.putIfAbsent(name, owned) != null) {
            throw new IllegalStateException("a Camel context named '" + name + "' is already running");
        }
        try {
            context.build();
            setup.configure(context);
            context.start();
        } catch (Exception | Error e) {
            owned.close();
            throw e;
        }
        LOG.info("Camel context '{}' started with {} route(s)", name, context.getRoutesSize());
        return owned;
    }

    @Override
    public List<ContextInfo> contexts() {
        List<ContextInfo> infos = new ArrayList<>();
        for (Owned o : running.values()) {
            infos.add(o.info());
        }
        infos.sort(Comparator.comparing(ContextInfo::name));
        return infos;
    }

    /** Stops every context still listed (the runtime itself is going away). */
    void closeAll() {
        for (Owned o : List.copyOf(running.values())) {
            LOG.warn("Camel context '{}' was still running when the Camel runtime stopped; stopping it", o.name);
            o.close();
        }
    }

    private final class Owned implements OwnedCamelContext {

        private final String name;
        private final DefaultCamelContext context;
        private final RouteCounters counters;

        Owned(String name, DefaultCamelContext context, RouteCounters counters) {
            this.name = name;
            this.context = context;
            this.counters = counters;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CamelContext context() {
            return context;
        }

        @Override
        public void close() {
            if (!running.remove(name, this)) {
                return;
            }
            try {
                context.close();
            } catch (Exception e) {
                LOG.warn("Camel context '{}' did not stop cleanly", name, e);
            }
        }

        ContextInfo info() {
            List<RouteInfo> routes = new ArrayList<>();
            for (Route r : context.getRoutes()) {
                ServiceStatus status = context.getRouteController().getRouteStatus(r.getRouteId());
                routes.add(new RouteInfo(r.getRouteId(), EndpointUris.mask(r.getEndpoint().getEndpointUri()),
                        status == null ? "Unknown" : status.name(), counters.total(r.getRouteId()),
                        counters.failed(r.getRouteId()), Duration.ofMillis(Math.max(0, r.getUptimeMillis()))));
            }
            routes.sort(Comparator.comparing(RouteInfo::id));
            return new ContextInfo(name, context.getStatus().name(),
                    Duration.ofMillis(Math.max(0, context.getUptime().toMillis())), routes);
        }
    }
}
