package io.devrig.action.http.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.secrets.SecretVault;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code http.graphql}: a GraphQL query or mutation as a JSON POST through
 * {@link OutboundHttp}, with auth from the vault. A response with a non-empty {@code errors}
 * array fails the node with the errors' messages ({@code GRAPHQL_ERRORS}, permanent; transient
 * when the HTTP status itself is 5xx or 429); otherwise {@code data} is the output. A status
 * error without GraphQL errors fails as in http.request.
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + GraphqlAction.TYPE)
public final class GraphqlAction extends OutboundAction {

    static final String TYPE = "http.graphql";
    /** The response had a non-empty errors array. */
    static final String GRAPHQL_ERRORS = "GRAPHQL_ERRORS";
    /** The response was not a GraphQL response (not JSON, or neither data nor errors). */
    static final String GRAPHQL_RESPONSE_INVALID = "GRAPHQL_RESPONSE_INVALID";
    static final int MAX_QUERY_CHARS = 100_000;
    /** Errors listed in the failure's details; messages in its text. */
    static final int MAX_ERRORS = 20;
    static final int MAX_ERROR_MESSAGE = 300;
    private static final String ACCEPT = "application/graphql-response+json, application/json";
    private static final Set<String> KEYS;

    static {
        Set<String> keys = new HashSet<>(HttpCall.COMMON_KEYS);
        keys.addAll(Set.of("query", "variables", "operationName"));
        KEYS = Set.copyOf(keys);
    }


    @Activate
    public GraphqlAction(@Reference OutboundHttp http, @Reference SecretVault vault) {
        super(http, vault, TYPE);
    }

    private record Request(HttpCall call, Map<String, Object> document) {
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Request r = parse(input);
        Secrets secrets = new Secrets(vault);
        byte[] body = Json.write(r.document).getBytes(StandardCharsets.UTF_8);
        OutboundResponse response = r.call.send(http, secrets, context, body, "application/json", ACCEPT);
        String where = r.call.where(response.uri());
        HttpCall.Reply reply = HttpCall.read(response, r.call.maxResponseBytes, "auto", secrets,
                r.call.hiddenHeaders());
        context.log(ActionContext.LogLevel.INFO, secrets.mask(TYPE + " " + where + " -> " + reply.status() + " ("
                + reply.bytes() + " bytes)"));
        boolean statusOk = reply.status() >= 200 && reply.status() < 300;
        if (!(reply.body() instanceof Map<?, ?> result) || !(result.containsKey("data") || result.containsKey("errors"))) {
            if (!statusOk) {
                throw secrets.mask(HttpCall.statusError(reply, where));
            }
            String why = reply.truncated() ? "it is larger than maxResponseBytes (" + r.call.maxResponseBytes + ")"
                    : reply.jsonError() != null ? "it is not valid JSON: " + reply.jsonError()
                    : "it is not a JSON object with 'data' or 'errors'";
            throw new DevRigException(DevRigError.of(GRAPHQL_RESPONSE_INVALID, ErrorCategory.PERMANENT,
                    where + " answered " + reply.status() + " but the response cannot be read as GraphQL: " + why)
                    .withDetails(Map.of("status", reply.status())));
        }
        if (result.get("errors") instanceof List<?> errors && !errors.isEmpty()) {
            throw secrets.mask(errors(errors, reply, where));
        }
        if (!statusOk) {
            throw secrets.mask(HttpCall.statusError(reply, where));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("data", result.get("data"));
        if (result.containsKey("extensions")) {
            out.put("extensions", result.get("extensions"));
        }
        out.put("status", reply.status());
        return out;
    }

    /** {@code GRAPHQL_ERRORS} with every message (bounded); transient only when the status says so. */
    private static DevRigException errors(List<?> errors, HttpCall.Reply reply, String where) {
        List<String> messages = new ArrayList<>();
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Object e : errors) {
            Map<?, ?> error = e instanceof Map<?, ?> m ? m : Map.of();
            String message = error.get("message") instanceof String s ? clean(s) : "(no message)";
            messages.add(message);
            if (listed.size() < MAX_ERRORS) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("message", message);
                if (error.get("path") instanceof List<?> path) {
                    one.put("path", path);
                }
                if (error.get("extensions") instanceof Map<?, ?> ext && ext.get("code") instanceof String code) {
                    one.put("code", clean(code));
                }
                listed.add(one);
            }
        }
        int status = reply.status();
        boolean transientStatus = status == 429 || status >= 500;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status);
        details.put("errors", listed);
        details.put("errorCount", errors.size());
        details.put("partialData", reply.body() instanceof Map<?, ?> m && m.get("data") != null);
        Long retryAfter = HttpCall.retryAfterMs(reply.headers().get("retry-after"));
        if (retryAfter != null && transientStatus) {
            details.put("retryAfterMs", retryAfter);
        }
        String shown = String.join("; ", messages.subList(0, Math.min(messages.size(), MAX_ERRORS)))
                + (messages.size() > MAX_ERRORS ? "; …" : "");
        return new DevRigException(DevRigError.of(GRAPHQL_ERRORS,
                transientStatus ? ErrorCategory.TRANSIENT : ErrorCategory.PERMANENT,
                where + " returned " + errors.size() + " GraphQL error" + (errors.size() == 1 ? "" : "s") + ": " + shown)
                .withDetails(details));
    }

    /** Server text made safe for a one-line message: no control characters, bounded. */
    private static String clean(String s) {
        String one = s.replaceAll("\\p{Cntrl}+", " ").trim();
        return one.length() > MAX_ERROR_MESSAGE ? one.substring(0, MAX_ERROR_MESSAGE) + "…" : one;
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        Request r = parse(input);
        return r.call.preview(context, "application/json", ACCEPT, r.document);
    }

    private static Request parse(Object input) {
        Map<String, Object> in = Inputs.object(input, "$");
        Inputs.onlyKeys(in, "$", KEYS);
        HttpCall call = HttpCall.parse("POST", in, false);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("query", Inputs.text(in.get("query"), "$.query", MAX_QUERY_CHARS));
        if (in.get("variables") != null) {
            Map<String, Object> variables = Inputs.object(in.get("variables"), "$.variables");
            try {
                document.put("variables", JsonTrees.toJava(JsonTrees.toTree(variables, "$.variables",
                        JsonTrees.MAX_DEPTH, Integer.MAX_VALUE)));
            } catch (JsonTrees.NotJsonException e) {
                throw Inputs.invalid(e.path(), e.problem());
            }
        }
        if (in.get("operationName") != null) {
            document.put("operationName", Inputs.text(in.get("operationName"), "$.operationName", 256));
        }
        return new Request(call, document);
    }
}
