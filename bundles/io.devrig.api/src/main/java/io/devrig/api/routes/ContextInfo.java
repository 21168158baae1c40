package io.devrig.api.routes;

import java.time.Duration;
import java.util.List;

/**
 * A context as the shell shows it.
 *
 * @param name the name given to {@code CamelRuntime.start} (io.devrig.camel)
 * @param state Camel's status of the context ({@code Started}, {@code Stopped}, {@code Suspended}, ...)
 * @param uptime since the context started
 * @param routes its routes, sorted by id
 */
public record ContextInfo(String name, String state, Duration uptime, List<RouteInfo> routes) {

    public ContextInfo {
        routes = List.copyOf(routes);
    }
}
