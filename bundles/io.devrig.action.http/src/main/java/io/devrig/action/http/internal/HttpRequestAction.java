package io.devrig.action.http.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.secrets.SecretVault;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code http.request}: one HTTP request through {@link OutboundHttp} (so the destination
 * policy refuses loopback, private and metadata addresses unless the admin allow-listed them),
 * with auth from the vault by secret name. By default a 4xx or 5xx fails the node (5xx, 408,
 * 425 and 429 as transient, so the node's retry policy retries them); {@code expectStatus}
 * lists the statuses that succeed instead, and {@code failOnStatus: false} never fails on a
 * status. A dry-run shows the request (secrets masked) and sends nothing.
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + HttpRequestAction.TYPE)
public final class HttpRequestAction extends OutboundAction {

    static final String TYPE = "http.request";
    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH");
    static final int MAX_BODY_BYTES = 10_485_760;
    private static final Set<String> KEYS;
    private static final Set<String> BODY_KEYS = Set.of("json", "text", "form", "contentType");
    private static final List<String> RESPONSE_TYPES = List.of("auto", "json", "text");

    static {
        Set<String> keys = new HashSet<>(HttpCall.COMMON_KEYS);
        keys.addAll(Set.of("method", "body", "expectStatus", "failOnStatus", "responseType"));
        KEYS = Set.copyOf(keys);
    }


    @Activate
    public HttpRequestAction(@Reference OutboundHttp http, @Reference SecretVault vault) {
        super(http, vault, TYPE);
    }

    /** The parsed input. */
    private record Request(HttpCall call, Body body, Set<Integer> expectStatus, boolean failOnStatus,
            String responseType) {
    }

    /** A request body: the bytes sent, their content type, and what a preview shows. */
    private record Body(byte[] bytes, String contentType, Object shown) {
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Request r = parse(input);
        Secrets secrets = new Secrets(vault);
        OutboundResponse response = r.call.send(http, secrets, context, r.body == null ? null : r.body.bytes,
                r.body == null ? null : r.body.contentType, null);
        String where = r.call.where(response.uri());
        HttpCall.Reply reply = HttpCall.read(response, r.call.maxResponseBytes, r.responseType, secrets,
                r.call.hiddenHeaders());
        boolean accepted = r.expectStatus != null ? r.expectStatus.contains(reply.status())
                : !(r.failOnStatus && reply.status() >= 400);
        context.log(accepted ? ActionContext.LogLevel.INFO : ActionContext.LogLevel.WARN,
                secrets.mask(TYPE + " " + where + " -> " + reply.status() + " (" + reply.bytes() + " bytes"
                        + (reply.truncated() ? ", truncated" : "") + ")"));
        if (!accepted) {
            throw secrets.mask(HttpCall.statusError(reply, where));
        }
        return reply.output();
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        Request r = parse(input);
        return r.call.preview(context, r.body == null ? null : r.body.contentType, null,
                r.body == null ? null : r.body.shown);
    }

    private static Request parse(Object input) {
        Map<String, Object> in = Inputs.object(input, "$");
        Inputs.onlyKeys(in, "$", KEYS);
        String method = Inputs.optionalText(in, "method", "$", 10, "GET").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw Inputs.invalid("$.method", "must be one of GET, POST, PUT, DELETE, PATCH");
        }
        HttpCall call = HttpCall.parse(method, in, true);
        Body body = in.get("body") == null ? null : body(Inputs.object(in.get("body"), "$.body"));
        if (body != null && method.equals("GET")) {
            throw Inputs.invalid("$.body", "a GET request has no body");
        }
        Set<Integer> expect = null;
        if (in.get("expectStatus") != null) {
            if (!(in.get("expectStatus") instanceof List<?> list) || list.isEmpty()) {
                throw Inputs.invalid("$.expectStatus", "must be a non-empty array of statuses (100-599)");
            }
            expect = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                expect.add(Inputs.integer(list.get(i), JsonPathText.index("$.expectStatus", i), 100, 599));
            }
        }
        if (expect != null && in.containsKey("failOnStatus")) {
            throw Inputs.invalid("$", "give at most one of 'expectStatus' and 'failOnStatus'");
        }
        String responseType = Inputs.optionalText(in, "responseType", "$", 10, "auto");
        if (!RESPONSE_TYPES.contains(responseType)) {
            throw Inputs.invalid("$.responseType", "must be one of auto, json, text");
        }
        return new Request(call, body, expect, Inputs.optionalBool(in, "failOnStatus", "$", true), responseType);
    }

    private static Body body(Map<String, Object> in) {
        Inputs.onlyKeys(in, "$.body", BODY_KEYS);
        int kinds = (in.containsKey("json") ? 1 : 0) + (in.containsKey("text") ? 1 : 0) + (in.containsKey("form") ? 1 : 0);
        if (kinds != 1) {
            throw Inputs.invalid("$.body", "give exactly one of 'json', 'text' and 'form'");
        }
        String contentType = Inputs.optionalText(in, "contentType", "$.body", 256, null);
        Body body;
        if (in.containsKey("json")) {
            Object value;
            try {
                value = JsonTrees.toJava(JsonTrees.toTree(in.get("json"), "$.body.json", JsonTrees.MAX_DEPTH,
                        Integer.MAX_VALUE));
            } catch (JsonTrees.NotJsonException e) {
                throw Inputs.invalid(e.path(), e.problem());
            }
            body = new Body(Json.write(value).getBytes(StandardCharsets.UTF_8),
                    contentType == null ? "application/json" : contentType, value);
        } else if (in.containsKey("text")) {
            if (!(in.get("text") instanceof String text)) {
                throw Inputs.invalid("$.body.text", "must be a string, found " + JsonTrees.type(in.get("text")));
            }
            body = new Body(text.getBytes(StandardCharsets.UTF_8),
                    contentType == null ? "text/plain; charset=utf-8" : contentType, text);
        } else {
            Map<String, Object> form = Inputs.object(in.get("form"), "$.body.form");
            StringBuilder s = new StringBuilder();
            form.forEach((k, v) -> {
                List<?> values = v instanceof List<?> l ? l : List.of(v == null ? "" : v);
                for (int i = 0; i < values.size(); i++) {
                    String one = HttpCall.scalar(values.get(i), JsonPathText.key("$.body.form", k));
                    s.append(s.length() == 0 ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                            .append('=').append(URLEncoder.encode(one, StandardCharsets.UTF_8));
                }
            });
            body = new Body(s.toString().getBytes(StandardCharsets.UTF_8),
                    contentType == null ? "application/x-www-form-urlencoded" : contentType, form);
        }
        if (body.bytes.length > MAX_BODY_BYTES) {
            throw Inputs.invalid("$.body", "is " + body.bytes.length + " bytes; at most " + MAX_BODY_BYTES + " are sent");
        }
        return body;
    }
}
