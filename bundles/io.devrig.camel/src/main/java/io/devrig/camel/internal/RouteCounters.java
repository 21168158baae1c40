package io.devrig.camel.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Exchanges completed and failed per route. Camel keeps these figures only in its JMX
 * management layer (camel-management, not shipped: it registers MBeans per processor); a route
 * policy is called once per exchange the route's consumer creates, and two adders are cheap.
 */
final class RouteCounters implements RoutePolicyFactory {

    record Counts(LongAdder total, LongAdder failed) {
    }

    private final Map<String, Counts> byRoute = new ConcurrentHashMap<>();

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        Counts counts = byRoute.computeIfAbsent(routeId, id -> new Counts(new LongAdder(), new LongAdder()));
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                counts.total().increment();
                if (exchange.isFailed()) {
                    counts.failed().increment();
                }
            }
        };
    }

    long total(String routeId) {
        Counts c = byRoute.get(routeId);
        return c == null ? 0 : c.total().sum();
    }

    long failed(String routeId) {
        Counts c = byRoute.get(routeId);
        return c == null ? 0 : c.failed().sum();
    }
}
