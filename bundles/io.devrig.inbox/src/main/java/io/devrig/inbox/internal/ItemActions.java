package io.devrig.inbox.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.plugin.PluginDescriptor;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inbox actions (seed §2.6): runs a plugin action on an item through the action registry
 * (which validates the input and calls the plugin through its invoker) and applies the
 * {@code itemUpdate} the action returns. The action gets the item as {@link ActionContext#item()},
 * and the registry fills the input's missing required fields from its metadata.
 *
 * <p>Which actions apply to an item: the action type must belong to the item's plugin
 * ({@link ActionRegistry#pluginId}), and that plugin's descriptor, as the plugin host accepted
 * it ({@code PluginAdmin.descriptor}), must declare the action with a non-empty {@code appliesTo}.
 * Items carry no data source id of their own, so the item's data source is its metadata's
 * {@code dataSourceId} string if present, else the plugin's only data source if it declares
 * exactly one; when it is known it must be listed in {@code appliesTo}.
 */
final class ItemActions {

    static final String DATA_SOURCE_KEY = "dataSourceId";
    private static final Logger LOG = LoggerFactory.getLogger(ItemActions.class);

    private final InboxStore store;
    private final Supplier<ActionRegistry> registry;
    private final Function<String, Optional<PluginDescriptor>> descriptors;
    private final Duration timeout;
    private final UlidGenerator ids;

    /** {@code descriptors}: a plugin's descriptor by plugin id ({@code PluginAdmin.descriptor}). */
    ItemActions(InboxStore store, Supplier<ActionRegistry> registry,
            Function<String, Optional<PluginDescriptor>> descriptors, Duration timeout) {
        this.store = store;
        this.registry = registry;
        this.descriptors = descriptors;
        this.timeout = timeout;
        this.ids = new UlidGenerator(store.clock(), new SecureRandom());
    }

    Object act(String itemId, String actionType, Map<String, Object> input) {
        if (actionType == null || actionType.isBlank()) {
            throw InboxStore.invalid("actionType: required");
        }
        InboxItem item = store.get(itemId).orElseThrow(() -> new DevRigException(ErrorCodes.NOT_FOUND,
                ErrorCategory.PERMANENT, "no inbox item with id '" + shorten(itemId) + "'"));
        ActionRegistry actions = registry.get();
        if (actions == null || !actions.has(actionType)) {
            throw InboxStore.invalid("actionType: no action type '" + shorten(actionType) + "' is available");
        }
        Optional<String> owner = actions.pluginId(actionType);
        if (owner.isEmpty()) {
            throw InboxStore.invalid("action '" + actionType + "' is built in, not a plugin action: it does not apply"
                    + " to inbox items");
        }
        if (!owner.get().equals(item.pluginId())) {
            throw InboxStore.invalid("action '" + actionType + "' belongs to plugin '" + owner.get()
                    + "', the item to plugin '" + item.pluginId() + "': it does not apply");
        }
        checkAppliesTo(item, actionType);

        String key = "inbox:" + item.id() + ":" + actionType + ":" + ids.nextString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("item", itemMap(item));
        ActionOutcome outcome = actions.execute(new ActionInvocation(actionType, input, data,
                new Context(key, store.clock().now().plus(timeout), store.clock(), item), timeout));
        if (!outcome.succeeded()) {
            throw new DevRigException(outcome.error());
        }
        Object output = outcome.output();
        if (output instanceof Map<?, ?> map && map.containsKey("itemUpdate") && map.get("itemUpdate") != null) {
            ItemValidator.ItemUpdate update;
            try {
                update = ItemValidator.update(map.get("itemUpdate"));
            } catch (ItemException e) {
                throw InboxStore.invalid("action '" + actionType + "' ran, but its itemUpdate was refused: "
                        + e.getMessage());
            }
            store.applyUpdate(item.id(), update);
        }
        return output;
    }

    private void checkAppliesTo(InboxItem item, String actionType) {
        PluginDescriptor.Capabilities caps = descriptors.apply(item.pluginId()).map(PluginDescriptor::capabilities)
                .orElse(null);
        List<String> appliesTo = caps == null ? List.of() : caps.actions().stream()
                .filter(a -> actionType.equals(a.id())).flatMap(a -> a.appliesTo().stream()).toList();
        if (appliesTo.isEmpty()) {
            throw InboxStore.invalid("action '" + actionType + "' does not declare appliesTo in the descriptor of plugin '"
                    + item.pluginId() + "': it does not apply to inbox items");
        }
        String source = item.metadata().get(DATA_SOURCE_KEY) instanceof String s ? s : null;
        if (source == null && caps.dataSources().size() == 1) {
            source = caps.dataSources().get(0).id();
        }
        if (source != null && !appliesTo.contains(source)) {
            throw InboxStore.invalid("action '" + actionType + "' applies to " + appliesTo + ", not to the item's data"
                    + " source '" + shorten(source) + "'");
        }
    }

    /** The item as templates and the action see it: JSON names, as in the REST and event payloads. */
    static Map<String, Object> itemMap(InboxItem item) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", item.id());
        m.put("pluginId", item.pluginId());
        m.put("externalId", item.externalId());
        m.put("type", item.type());
        m.put("title", item.title());
        m.put("body", item.body());
        m.put("preview", item.preview());
        m.put("sourceUrl", item.sourceUrl());
        m.put("priority", item.priority().json());
        m.put("status", item.status().json());
        m.put("actionable", item.actionable());
        m.put("metadata", item.metadata());
        m.put("snoozedUntil", item.snoozedUntil());
        m.put("externalCreatedAt", item.externalCreatedAt());
        m.put("createdAt", item.createdAt());
        m.put("updatedAt", item.updatedAt());
        return m;
    }

    private static String shorten(String s) {
        return s == null ? "null" : s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    /**
     * An inbox action's context: outside any run; one idempotency key per call; the item it runs
     * on (the registry fills the input's missing required fields from its metadata).
     */
    private record Context(String idempotencyKey, Instant deadline, io.devrig.api.time.DevRigClock clock,
            InboxItem runsOn) implements ActionContext {

        @Override
        public Optional<InboxItem> item() {
            return Optional.of(runsOn);
        }

        @Override
        public String runId() {
            return null;
        }

        @Override
        public String workflowId() {
            return null;
        }

        @Override
        public String nodeId() {
            return null;
        }

        @Override
        public String correlationId() {
            return idempotencyKey;
        }

        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public boolean dryRun() {
            return false;
        }

        @Override
        public boolean cancelled() {
            return !clock.now().isBefore(deadline);
        }

        @Override
        public void log(LogLevel level, String message) {
            switch (level) {
                case ERROR -> LOG.error("[{}] {}", idempotencyKey, message);
                case WARN -> LOG.warn("[{}] {}", idempotencyKey, message);
                case INFO -> LOG.info("[{}] {}", idempotencyKey, message);
                default -> LOG.debug("[{}] {}", idempotencyKey, message);
            }
        }
    }
}
