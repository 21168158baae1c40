package io.devrig.action.notify.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.Priority;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.inbox.Inbox;
import io.devrig.common.action.DeclaredActions;
import io.devrig.common.json.JsonTrees;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code notify.inbox}: puts one item in the user's inbox. The item's external id is the
 * node's idempotency key (or {@code key}), so a retried or recovered node updates its item
 * instead of adding a second one. Written through {@link Inbox#store} (upsert by external id,
 * validated by the inbox, the same path as a plugin's items); items carry this bundle's
 * symbolic name as their plugin id.
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + NotifyInboxAction.TYPE)
public final class NotifyInboxAction implements ActionExecutor {

    static final String TYPE = "notify.inbox";
    static final String DEFAULT_ITEM_TYPE = "notification";
    static final int PREVIEW_CODE_POINTS = 280;
    private static final Set<String> KEYS = Set.of("title", "body", "priority", "link", "metadata", "actionable",
            "type", "key");
    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(NotifyInboxAction.class, TYPE);

    /** Stores items; {@link Inbox#store} in the framework. */
    @FunctionalInterface
    interface InboxWriter {
        StoreResult store(List<InboxItemInput> items);
    }

    private final InboxWriter inbox;

    /**
     * The inbox, bound after activation, so that this action is listed (and answers "the inbox is
     * not running") without it. The inbox runs item actions through the action registry, which
     * holds this action; the inbox gets the registry on first use, which keeps that loop from
     * being a service cycle at boot.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Inbox bound;

    @Activate
    public NotifyInboxAction(BundleContext bundle) {
        this.inbox = items -> {
            Inbox current = bound;
            if (current == null) {
                throw new DevRigException(DevRigError.of(ErrorCodes.INTERNAL_ERROR, ErrorCategory.TRANSIENT,
                        "the inbox is not running"));
            }
            return current.store(bundle.getBundle().getSymbolicName(), items);
        };
    }

    NotifyInboxAction(InboxWriter inbox) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        InboxItemInput item = item(input, context);
        StoreResult result = inbox.store(List.of(item));
        if (!result.failures().isEmpty()) {
            // the inbox validates (lengths, URL, metadata size); its message names the field, never the value
            throw Inputs.invalid("$", "the inbox refused the item: " + result.failures().get(0).message());
        }
        if (result.created() + result.updated() + result.unchanged() != 1) {
            throw new DevRigException(DevRigError.of(ErrorCodes.INTERNAL_ERROR, ErrorCategory.TRANSIENT,
                    "the inbox stored nothing and reported no failure"));
        }
        // no log line: the output says created, updated or neither (unchanged), and a line is a row on every run
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("externalId", item.externalId());
        out.put("created", result.created() == 1);
        out.put("updated", result.updated() == 1);
        return out;
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        InboxItemInput item = item(input, context);
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("externalId", item.externalId());
        shown.put("type", item.type());
        shown.put("title", item.title());
        shown.put("body", item.body());
        shown.put("priority", item.priority().json());
        shown.put("link", item.sourceUrl());
        shown.put("actionable", item.actionable());
        shown.put("metadata", item.metadata());
        Map<String, Object> preview = new LinkedHashMap<>();
        preview.put("preview", Boolean.TRUE);
        preview.put("stored", Boolean.FALSE);
        preview.put("item", shown);
        return preview;
    }

    private static InboxItemInput item(Object input, ActionContext context) {
        Map<String, Object> in = Inputs.fields(input, "$", KEYS);
        String title = Inputs.text(in, "title", 500, null);
        if (title == null) {
            throw Inputs.invalid("$.title", "is required");
        }
        String body = in.get("body") == null ? null : Inputs.text(in, "body", 1_048_576, null);
        String priorityName = Inputs.text(in, "priority", 10, "normal");
        Priority priority = Priority.fromJson(priorityName.toLowerCase(Locale.ROOT));
        if (priority == null) {
            throw Inputs.invalid("$.priority", "must be one of urgent, high, normal, low");
        }
        String link = in.get("link") == null ? null : Inputs.text(in, "link", 2048, null);
        if (link != null) {
            checkLink(link);
        }
        Object actionable = in.get("actionable");
        if (actionable != null && !(actionable instanceof Boolean)) {
            throw Inputs.invalid("$.actionable", "must be true or false, found " + JsonTrees.type(actionable));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (in.get("metadata") != null) {
            if (!(in.get("metadata") instanceof Map<?, ?> given)) {
                throw Inputs.invalid("$.metadata", "must be an object, found " + JsonTrees.type(in.get("metadata")));
            }
            given.forEach((k, v) -> metadata.put(String.valueOf(k), v));
        }
        // where the item came from, so the user can find the run that raised it
        Map<String, Object> workflow = new LinkedHashMap<>();
        workflow.put("workflowId", context.workflowId());
        workflow.put("runId", context.runId());
        workflow.put("nodeId", context.nodeId());
        metadata.putIfAbsent("workflow", workflow);
        String key = Inputs.text(in, "key", 500, null);
        if (key == null) {
            key = context.idempotencyKey() != null ? context.idempotencyKey() : UUID.randomUUID().toString();
        }
        return new InboxItemInput(key, Inputs.text(in, "type", 100, DEFAULT_ITEM_TYPE), title, body, preview(body),
                link, priority, (Boolean) actionable, metadata, null);
    }

    private static void checkLink(String link) {
        try {
            URI uri = new URI(link);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw Inputs.invalid("$.link", "must be an absolute http or https URL");
    }

    /** The body's first 280 code points on one line, for the inbox list; null without a body. */
    static String preview(String body) {
        if (body == null) {
            return null;
        }
        String one = body.replaceAll("\\s+", " ").trim();
        if (one.codePointCount(0, one.length()) <= PREVIEW_CODE_POINTS) {
            return one.isEmpty() ? null : one;
        }
        return one.substring(0, one.offsetByCodePoints(0, PREVIEW_CODE_POINTS - 1)) + "…";
    }
}
