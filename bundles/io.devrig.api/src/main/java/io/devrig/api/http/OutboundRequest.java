package io.devrig.api.http;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An outbound request.
 *
 * @param method GET, POST, PUT, PATCH, DELETE or HEAD
 * @param uri absolute http or https URI
 * @param headers request headers (no Host; it follows the URI)
 * @param body request body, or null
 * @param timeout whole-exchange time limit, null for the client default
 * @param followRedirects follow 3xx (each hop checked against the policy), up to the client's limit
 */
public record OutboundRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body,
        Duration timeout, boolean followRedirects) {

    public OutboundRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    public static OutboundRequest get(URI uri) {
        return new OutboundRequest("GET", uri, Map.of(), null, null, true);
    }
}
