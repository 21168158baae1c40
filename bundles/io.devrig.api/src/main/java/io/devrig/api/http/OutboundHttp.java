package io.devrig.api.http;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Sends HTTP requests to destinations the outbound policy allows.
 *
 * <p>Failures are {@link io.devrig.api.error.DevRigException}s: {@code HTTP_DESTINATION_REFUSED}
 * (permanent; the message names the host and the rule, e.g. "169.254.169.254 is a
 * link-local address"), {@code HTTP_TIMEOUT}, {@code HTTP_TOO_MANY_REDIRECTS},
 * {@code HTTP_RESPONSE_TOO_LARGE}, {@code HTTP_ERROR} (transient I/O failure) and
 * {@code INVALID_INPUT} (bad URL or method). An HTTP error status is a response, not an
 * exception.
 */
@ProviderType
public interface OutboundHttp {

    OutboundResponse send(OutboundRequest request);
}
