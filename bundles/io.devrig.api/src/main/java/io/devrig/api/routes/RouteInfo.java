package io.devrig.api.routes;

import java.time.Duration;

/**
 * A route as the shell shows it.
 *
 * @param id the route id
 * @param endpointUri the route's input endpoint, credentials masked ({@code EndpointUris.mask} of io.devrig.camel)
 * @param state Camel's status of the route ({@code Started}, {@code Stopped}, {@code Suspended}, ...)
 * @param exchangesTotal exchanges the route's consumer completed since the context started
 * @param exchangesFailed of those, the ones that ended with an exception
 * @param uptime since the route started; zero when it is not running
 */
public record RouteInfo(String id, String endpointUri, String state, long exchangesTotal,
        long exchangesFailed, Duration uptime) {
}
