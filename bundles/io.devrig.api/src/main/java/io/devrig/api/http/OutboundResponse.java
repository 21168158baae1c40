package io.devrig.api.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A response.
 *
 * @param status HTTP status code
 * @param headers response headers, names in lower case
 * @param body the body (bounded by the client's size limit)
 * @param uri the URI that answered (after redirects)
 */
public record OutboundResponse(int status, Map<String, List<String>> headers, byte[] body, URI uri) {

    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
