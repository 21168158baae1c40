package io.devrig.action.notify.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigException;
import io.devrig.common.action.DeclaredActions;
import io.devrig.common.json.JsonTrees;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code notify.webhook}: a JSON POST to a webhook, e.g. a chat's incoming-webhook URL. It is
 * sent as one {@code http.request} call through the action registry, so it gets the same
 * outbound client (SSRF policy), vault secrets ({@code urlSecret}: such URLs are credentials),
 * masking, status handling and retry categories, and shows up in that action's metrics and
 * hooks. The node's idempotency key goes along as {@code Idempotency-Key} (on by default) so
 * that a receiver that honours it drops a retried duplicate.
 *
 * <p>All values reach http.request as value references ({@code $ref}) to the already resolved
 * input, never as config text: a message that contains <code>{{</code> is not read as a
 * template a second time.
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + NotifyWebhookAction.TYPE)
public final class NotifyWebhookAction implements ActionExecutor {

    static final String TYPE = "notify.webhook";
    static final String HTTP_REQUEST = "http.request";
    /** The inner call's limit when the context has no deadline (outside a run). */
    static final Duration NO_DEADLINE = Duration.ofMinutes(5);
    private static final Set<String> KEYS = Set.of("url", "urlSecret", "payload", "headers", "auth", "timeoutMs",
            "idempotencyKey");
    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(NotifyWebhookAction.class, TYPE);

    /** Runs one call through the registry. */
    @FunctionalInterface
    interface Registry {
        ActionOutcome execute(ActionInvocation call);
    }

    private final Registry registry;

    /**
     * The registry is borrowed per call (a singleton: the same object each time), not taken at
     * activation: the registry binds every executor, this one included, and needing it to
     * create this component would be an SCR cycle (as for flow.loop).
     */
    @Activate
    public NotifyWebhookAction(@Reference(policyOption = ReferencePolicyOption.GREEDY)
            ComponentServiceObjects<ActionRegistry> objects) {
        this.registry = call -> {
            ActionRegistry borrowed = objects.getService();
            try {
                return borrowed.execute(call);
            } finally {
                objects.ungetService(borrowed);
            }
        };
    }

    NotifyWebhookAction(ActionRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry")::execute;
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Map<String, Object> in = check(input);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("method", "POST");
        for (String key : new String[] {"url", "urlSecret", "headers", "auth", "timeoutMs"}) {
            if (in.containsKey(key)) {
                config.put(key, Map.of("$ref", "in." + key));
            }
        }
        config.put("body", Map.of("json", Map.of("$ref", "in.payload")));
        config.put("idempotencyKey", !Boolean.FALSE.equals(in.get("idempotencyKey")));
        Duration timeout = NO_DEADLINE;
        if (context.deadline() != null) {
            timeout = Duration.between(Instant.now(), context.deadline());
            if (timeout.isNegative() || timeout.isZero()) {
                timeout = Duration.ofMillis(1); // the inner call fails as a timeout without sending
            }
        }
        ActionInvocation call = new ActionInvocation(HTTP_REQUEST, config, Map.of("in", in), context, timeout);
        ActionOutcome outcome = registry.execute(call);
        if (!outcome.succeeded()) {
            // http.request's error as it is: code, category and retryability (already without secrets)
            throw new DevRigException(outcome.error());
        }
        Map<?, ?> response = outcome.output() instanceof Map<?, ?> m ? m : Map.of();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("delivered", Boolean.TRUE);
        out.put("status", response.get("status"));
        out.put("response", response.get("body"));
        return out;
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        Map<String, Object> in = check(input);
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("method", "POST");
        request.put("url", in.containsKey("urlSecret") ? "(the URL in vault secret '" + in.get("urlSecret") + "')"
                : in.get("url"));
        request.put("payload", in.get("payload"));
        if (in.containsKey("headers")) {
            request.put("headers", in.get("headers"));
        }
        if (in.containsKey("auth")) {
            request.put("auth", in.get("auth")); // names of secrets only, never values
        }
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("preview", Boolean.TRUE);
        preview.put("sent", Boolean.FALSE);
        preview.put("request", request);
        return preview;
    }

    /** What http.request does not check itself: the fields here and the payload. */
    private static Map<String, Object> check(Object input) {
        Map<String, Object> in = Inputs.fields(input, "$", KEYS);
        if (in.containsKey("url") == in.containsKey("urlSecret")) {
            throw Inputs.invalid("$", "give exactly one of 'url' and 'urlSecret'");
        }
        if (!in.containsKey("payload")) {
            throw Inputs.invalid("$.payload", "is required");
        }
        Object payload = in.get("payload");
        if (!(payload instanceof Map<?, ?>) && !(payload instanceof java.util.List<?>)) {
            throw Inputs.invalid("$.payload", "must be a JSON object or array, found " + JsonTrees.type(payload));
        }
        Object key = in.get("idempotencyKey");
        if (key != null && !(key instanceof Boolean)) {
            throw Inputs.invalid("$.idempotencyKey", "must be true or false");
        }
        return in;
    }
}
