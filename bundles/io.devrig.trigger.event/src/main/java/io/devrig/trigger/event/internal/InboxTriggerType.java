package io.devrig.trigger.event.internal;

import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.Priority;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import io.devrig.common.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The {@code inbox} trigger type: an inbox item created or updated starts the workflow
 * (the hook the AI pipelines hang on), filtered by {@code plugin}, {@code itemType},
 * {@code priorities} and a {@code filter} condition over the payload
 * ({@code {event: "created"|"updated", item: {...the item's fields}}}). Each change of an
 * item fires once (its key is the item, the event and the item's {@code updatedAt}).
 *
 * <p>A workflow that updates the item that started it would start itself again and again:
 * a trigger fires at most {@value #MAX_FIRES_PER_ITEM} times per item within
 * {@link #LOOP_WINDOW}, and reports the loop instead of firing more.
 */
@Component(service = {TriggerType.class, EventHandler.class}, property = {
    TriggerType.TYPE_PROPERTY + "=" + InboxTriggerType.TYPE,
    EventConstants.EVENT_TOPIC + "=" + InboxEvents.ITEM_CREATED,
    EventConstants.EVENT_TOPIC + "=" + InboxEvents.ITEM_UPDATED})
public final class InboxTriggerType implements TriggerType, EventHandler {

    static final String TYPE = "inbox";
    static final int MAX_FIRES_PER_ITEM = 5;
    static final Duration LOOP_WINDOW = Duration.ofMinutes(1);
    private static final Set<String> FIELDS = Set.of("events", "plugin", "itemType", "priorities", "filter");
    private static final Set<String> EVENTS = Set.of("created", "updated");

    private final Inbox inbox;
    private final ConditionEngine conditions;
    private final List<Handlers.Listening> live = Handlers.registry();
    /** Clock of the loop guard (tests move it). */
    java.util.function.LongSupplier nanos = System::nanoTime;

    @Activate
    public InboxTriggerType(@Reference Inbox inbox, @Reference ConditionEngine conditions) {
        this.inbox = inbox;
        this.conditions = conditions;
    }

    @Override
    public List<String> validate(Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        Handlers.onlyKnown(config, FIELDS, problems);
        List<String> events = Handlers.strings(config, "events", problems);
        if (events != null && (events.isEmpty() || !EVENTS.containsAll(events))) {
            problems.add("$.trigger.events: must list created, updated or both");
        }
        for (String field : new String[] {"plugin", "itemType"}) {
            Object v = config.get(field);
            if (v != null && !(v instanceof String s && !s.isBlank())) {
                problems.add("$.trigger." + field + ": must be a non-empty string");
            }
        }
        List<String> priorities = Handlers.strings(config, "priorities", problems);
        if (priorities != null) {
            for (String p : priorities) {
                if (Priority.fromJson(p) == null) {
                    problems.add("$.trigger.priorities: '" + p + "' is not urgent, high, normal or low");
                }
            }
        }
        Handlers.filter(config, conditions, problems);
        return problems;
    }

    @Override
    public TriggerHandler createHandler(TriggerContext context) {
        return new Listener(context);
    }

    @Override
    public void handleEvent(Event event) {
        if (live.isEmpty()) {
            return;
        }
        String name = InboxEvents.ITEM_CREATED.equals(event.getTopic()) ? "created" : "updated";
        String itemId = (String) event.getProperty(InboxEvents.ITEM_ID);
        if (itemId == null) {
            return;
        }
        String plugin = (String) event.getProperty(InboxEvents.PLUGIN_ID);
        String type = (String) event.getProperty(InboxEvents.TYPE);
        Optional<InboxItem>[] item = new Optional[1];
        Handlers.offer(live, h -> {
            Listener l = (Listener) h;
            if (!l.events.contains(name) || l.plugin != null && !l.plugin.equals(plugin)
                    || l.itemType != null && !l.itemType.equals(type)) {
                return; // decided by the event's own properties: no read
            }
            if (item[0] == null) {
                item[0] = inbox.get(itemId);
            }
            item[0].ifPresent(i -> l.changed(name, i));
        });
    }

    /** The item as JSON values, priority and status by their JSON names ({@code "urgent"}, {@code "unread"}). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> itemMap(InboxItem item) {
        Map<String, Object> m = new LinkedHashMap<>(Json.MAPPER.convertValue(item, Map.class));
        m.put("priority", item.priority() == null ? null : item.priority().json());
        m.put("status", item.status() == null ? null : item.status().json());
        return m;
    }

    private final class Listener extends Handlers.Listening {
        final Set<String> events;
        final String plugin;
        final String itemType;
        final Set<Priority> priorities;
        /** Per item: when its loop window began and how many fires it had in it. */
        private final Map<String, long[]> recent = new ConcurrentHashMap<>();

        Listener(TriggerContext context) {
            super(context, live, conditions);
            Map<String, Object> c = context.config();
            this.events = c.get("events") instanceof List<?> l ? Set.copyOf(l.stream().map(String::valueOf).toList())
                    : Set.of("created");
            this.plugin = (String) c.get("plugin");
            this.itemType = (String) c.get("itemType");
            this.priorities = c.get("priorities") instanceof List<?> l ? Set.copyOf(l.stream()
                    .map(p -> Priority.fromJson(String.valueOf(p))).toList()) : Set.of();
        }

        void changed(String event, InboxItem item) {
            if (!priorities.isEmpty() && !priorities.contains(item.priority())) {
                return;
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("event", event);
            payload.put("item", itemMap(item));
            if (!passes(payload) || looping(item.id())) {
                return;
            }
            fire(item.id() + ":" + event + ":" + item.updatedAt(), payload);
        }

        private boolean looping(String itemId) {
            long now = nanos.getAsLong();
            long[] w = recent.compute(itemId, (k, v) -> v == null || now - v[0] > LOOP_WINDOW.toNanos()
                    ? new long[] {now, 0} : v);
            synchronized (w) {
                w[1]++;
                if (w[1] == MAX_FIRES_PER_ITEM + 1) {
                    context.reportError("inbox item " + itemId + " changed " + MAX_FIRES_PER_ITEM + " times within "
                            + LOOP_WINDOW.toSeconds() + " s and started this workflow each time; further changes "
                            + "start nothing until the minute is over (does the workflow update the item itself?)");
                }
                if (recent.size() > 10_000) {
                    recent.entrySet().removeIf(e -> now - e.getValue()[0] > LOOP_WINDOW.toNanos());
                }
                return w[1] > MAX_FIRES_PER_ITEM;
            }
        }
    }
}
