package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.plugin.sdk.PluginLog;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What both data sources do with a page: Link pagination, validators, cursor text, storing. */
final class Pages {

    static final int CURSOR_VERSION = 1;

    private Pages() {
    }

    /**
     * The {@code rel="next"} URL of a response, or null on the last page.
     *
     * @throws io.devrig.api.error.DevRigException {@code GITHUB_BAD_RESPONSE} when it points outside
     *         the API base: the token is never sent anywhere else
     */
    static String nextLink(ApiResponse r, ApiBase base) {
        String next = LinkHeader.parse(r.headerValues("link")).get("next");
        if (next == null || next.isBlank()) {
            return null;
        }
        URI uri;
        try {
            uri = r.uri().resolve(next);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !base.contains(uri)) {
            throw GitHubErrors.permanent(GitHubErrors.BAD_RESPONSE, "GitHub's Link rel=\"next\" of " + r.endpoint()
                    + " points outside the API URL " + base + ": not followed", Map.of("endpoint", r.endpoint()));
        }
        return uri.toString();
    }

    /**
     * The response's validators for the next conditional request ({@code etag},
     * {@code lastModified}), keyed by {@code request}: the first page's URL, which holds the path
     * and every query parameter that selects data ({@code all}, {@code participating},
     * {@code per_page}, ...) and the API URL. Validators only ever stand for the request they came from.
     */
    static ObjectNode validators(ApiResponse r, URI request) {
        ObjectNode v = Json.object();
        v.put("request", request.toString());
        String etag = r.header("etag");
        String lastModified = r.header("last-modified");
        if (etag != null && !etag.isBlank() && etag.length() <= 200) {
            v.put("etag", etag.trim());
        }
        if (lastModified != null && !lastModified.isBlank() && lastModified.length() <= 100) {
            v.put("lastModified", lastModified.trim());
        }
        return v;
    }

    /** Whether stored validators (or a walk's state) were made for {@code request}. */
    static boolean sameRequest(JsonNode validators, URI request) {
        return request.toString().equals(Json.text(validators, "request"));
    }

    /**
     * Conditional request headers from stored validators, or none when they were made for
     * another request (the query changed: a 304 would hide what the new query shows).
     */
    static Map<String, String> conditional(JsonNode validators, URI request) {
        Map<String, String> h = new LinkedHashMap<>();
        if (!sameRequest(validators, request)) {
            return h;
        }
        String etag = Json.text(validators, "etag");
        String lastModified = Json.text(validators, "lastModified");
        if (etag != null) {
            h.put("If-None-Match", etag);
        }
        if (lastModified != null) {
            h.put("If-Modified-Since", lastModified);
        }
        return h;
    }

    /**
     * A stored cursor, or an empty one for a first sync. A cursor that cannot be read (another
     * version, edited by hand) is dropped with a warning: the next cycle is then unconditional,
     * which costs requests but loses nothing.
     */
    static ObjectNode readCursor(String cursor, String dataSourceId, PluginLog log) {
        if (cursor == null || cursor.isBlank()) {
            return Json.object();
        }
        try {
            JsonNode node = Json.MAPPER.readTree(cursor);
            if (node != null && node.isObject() && node.path("v").asInt() == CURSOR_VERSION) {
                return (ObjectNode) node;
            }
        } catch (java.io.IOException e) {
            // reported below
        }
        log.warn("Ignoring the unreadable cursor of {}; the next requests are unconditional", dataSourceId);
        return Json.object();
    }

    /** A URL the plugin stored itself, or null when it no longer parses. */
    static URI uri(String s) {
        if (s == null) {
            return null;
        }
        try {
            return URI.create(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ObjectNode newCursor() {
        return Json.object().put("v", CURSOR_VERSION);
    }

    static ObjectNode objectAt(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v instanceof ObjectNode o ? o : Json.object();
    }

    /** Stores a page's items (an upsert by externalId) and counts those created or updated. */
    static int store(PluginInbox inbox, PluginLog log, List<InboxItemInput> items, String endpoint) {
        if (items.isEmpty()) {
            return 0;
        }
        StoreResult result = inbox.storeItems(items);
        for (StoreResult.ItemFailure f : result.failures()) {
            log.warn("The inbox refused item {} from {}: {}", f.externalId(), endpoint, f.message());
        }
        return result.created() + result.updated();
    }
}
