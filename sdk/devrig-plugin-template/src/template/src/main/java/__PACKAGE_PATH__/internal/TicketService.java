package __PACKAGE__.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.common.json.Json;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The ticket service's HTTP API, through DevRig's policed client (PluginHttp). */
final class TicketService {

    private final PluginHttp http;

    TicketService(PluginHttp http) {
        this.http = http;
    }

    /** GET {baseUrl}/tickets: a JSON array of {"id", "title", "url", "updatedAt"}. */
    JsonNode openTickets(Map<String, Object> settings) {
        OutboundResponse response = http.send(OutboundRequest.get(URI.create(baseUrl(settings) + "/tickets")));
        requireOk(response, "listing tickets");
        JsonNode tickets = Json.readTree(response.bodyText());
        if (!tickets.isArray()) {
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.TRANSIENT,
                    "the ticket service answered the ticket list with something that is not a JSON array");
        }
        return tickets;
    }

    /** POST {baseUrl}/tickets/{id}/close with {"comment": ...}. */
    void close(Map<String, Object> settings, String ticket, String comment) {
        byte[] body = Json.MAPPER.createObjectNode().put("comment", comment).toString().getBytes(StandardCharsets.UTF_8);
        OutboundResponse response = http.send(new OutboundRequest("POST",
                URI.create(baseUrl(settings) + "/tickets/" + java.net.URLEncoder.encode(ticket, StandardCharsets.UTF_8) + "/close"),
                Map.of("Content-Type", List.of("application/json")), body, null, false));
        requireOk(response, "closing ticket " + ticket);
    }

    private static String baseUrl(Map<String, Object> settings) {
        Object value = settings.get("baseUrl");
        if (!(value instanceof String url) || url.isBlank()) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "set baseUrl first: devrig:plugin-config <plugin> '{\"baseUrl\":\"https://...\"}'");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** 2xx passes; 404 is NOT_FOUND, other 4xx permanent, 5xx transient (the scheduler backs off). */
    private static void requireOk(OutboundResponse response, String what) {
        int status = response.status();
        if (status / 100 == 2) {
            return;
        }
        String code = status == 404 ? ErrorCodes.NOT_FOUND : ErrorCodes.PLUGIN_ERROR;
        ErrorCategory category = status >= 500 || status == 429 ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT;
        throw new DevRigException(code, category, what + ": the ticket service answered HTTP " + status);
    }
}
