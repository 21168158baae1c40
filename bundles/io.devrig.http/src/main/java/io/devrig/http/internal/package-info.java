/**
 * The outbound HTTP implementation: {@link io.devrig.http.internal.DestinationPolicy} (which
 * hosts and addresses may be reached, with the admin allow-list), the parsers it relies on
 * ({@link io.devrig.http.internal.IpAddresses}, {@link io.devrig.http.internal.HostName},
 * {@link io.devrig.http.internal.AllowList}), {@link io.devrig.http.internal.JettyOutboundHttp}
 * (the Jetty 9.4 client with pinned address resolution, checked redirects and limits) and
 * {@link io.devrig.http.internal.OutboundHttpComponent}, the DS component that publishes it
 * as {@link io.devrig.api.http.OutboundHttp} and reports its health. Not exported.
 */
package io.devrig.http.internal;
