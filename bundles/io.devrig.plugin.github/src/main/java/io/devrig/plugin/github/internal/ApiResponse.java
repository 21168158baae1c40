package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A GitHub response: status, headers (names lower case), body, and the request line for
 * messages ({@code GET /notifications}).
 */
record ApiResponse(int status, Map<String, List<String>> headers, byte[] body, URI uri, String endpoint) {

    ApiResponse {
        headers = headers == null ? Map.of() : headers;
    }

    /** The first value of a header, or null. */
    String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        if (values == null) {
            // a PluginHttp that does not lower-case names still works
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    values = e.getValue();
                    break;
                }
            }
        }
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    List<String> headerValues(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? List.of() : values;
    }

    /** A header as a long, or null when missing or not a number. */
    Long longHeader(String name) {
        String v = header(name);
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * The body as JSON.
     *
     * @throws io.devrig.api.error.DevRigException {@code GITHUB_BAD_RESPONSE} (transient) naming
     *         the endpoint when the body is not JSON
     */
    JsonNode json() {
        if (body == null || body.length == 0) {
            throw GitHubErrors.transientError(GitHubErrors.BAD_RESPONSE, "GitHub answered " + endpoint
                    + " with an empty body where JSON was expected", Map.of("endpoint", endpoint, "status", status));
        }
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new IOException("no JSON value");
            }
            return node;
        } catch (IOException e) {
            // the parser's message quotes the body: keep only where it broke
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                    ? " at line " + p.getLocation().getLineNr() + ", column " + p.getLocation().getColumnNr() : "";
            throw GitHubErrors.transientError(GitHubErrors.BAD_RESPONSE, "GitHub answered " + endpoint
                    + " with malformed JSON" + where + "; nothing from this response was stored",
                    Map.of("endpoint", endpoint, "status", status));
        }
    }

    /** The body as JSON that must be an array (list endpoints). */
    JsonNode jsonArray() {
        JsonNode node = json();
        if (!node.isArray()) {
            throw GitHubErrors.transientError(GitHubErrors.BAD_RESPONSE, "GitHub answered " + endpoint
                    + " with a JSON " + node.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " where a list was expected; nothing from this response was stored",
                    Map.of("endpoint", endpoint, "status", status));
        }
        return node;
    }

    /** The body as JSON that must be an object. */
    JsonNode jsonObject() {
        JsonNode node = json();
        if (!node.isObject()) {
            throw GitHubErrors.transientError(GitHubErrors.BAD_RESPONSE, "GitHub answered " + endpoint
                    + " with JSON that is not an object", Map.of("endpoint", endpoint, "status", status));
        }
        return node;
    }

    String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
