package io.devrig.inbox.internal;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStats;
import io.devrig.api.inbox.SearchHit;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.api.plugin.data.PluginDataOwner;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import io.devrig.common.osgi.ServiceOnDemand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Publishes {@link Inbox} over {@link InboxStore} and runs the {@link SnoozeWaker}.
 * Immediate: snoozed items come back even when nobody holds the service. Event Admin, the
 * action registry and the plugin admin are optional: without them no events are posted and
 * {@link #act} finds no action (or no descriptor to check it against).
 *
 * <p>Also the {@link PluginDataOwner} of the inbox items: the plugin host's purge deletes a
 * plugin's items through {@link #purge(String)}.
 */
@Component(service = {Inbox.class, PluginDataOwner.class}, immediate = true, configurationPid = "io.devrig.inbox")
@Designate(ocd = InboxConfig.class)
public final class InboxComponent implements Inbox, PluginDataOwner {

    private final EventPublisher events = new EventPublisher();
    /** Got on the first {@link #act}, not at bind: see {@link #setActionRegistry}. Guarded by this. */
    private ServiceOnDemand<ActionRegistry> registry;
    /** The plugin host, for descriptors (field-injected; package-private for tests). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginAdmin pluginAdmin;
    private final InboxStore store;
    private final ItemActions actions;
    private final SnoozeWaker waker;
    /** Set last in the constructor; a change committed before that is indexed by its first run. */
    private volatile SearchIndexer indexer;

    @Activate
    public InboxComponent(@Reference(name = "database") Database database, InboxConfig config) {
        this(database, DevRigClock.system(), Duration.ofSeconds(Math.max(1, config.snoozeSweepSeconds())),
                Duration.ofSeconds(Math.max(1, config.actionTimeoutSeconds())));
    }

    InboxComponent(Database database, DevRigClock clock, Duration sweep, Duration actionTimeout) {
        this.store = new InboxStore(database, clock, changes -> {
            events.accept(changes);
            SearchIndexer current = indexer;
            if (current != null) {
                current.changed();
            }
        });
        this.actions = new ItemActions(store, this::actionRegistry, this::descriptor, actionTimeout);
        this.waker = new SnoozeWaker(store, sweep);
        this.indexer = new SearchIndexer(store, SearchIndexer.DEFAULT_DELAY);
    }

    @Deactivate
    void deactivate() {
        waker.close();
        indexer.close();
    }

    @Reference(name = "eventAdmin", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEventAdmin")
    void setEventAdmin(EventAdmin admin) {
        events.set(admin);
    }

    void unsetEventAdmin(EventAdmin admin) {
        events.unset(admin);
    }

    /**
     * Bound as service objects so that binding neither gets nor activates the registry. Getting
     * it at bind closed a cycle at boot (inbox → registry → its executors → {@code notify.inbox}
     * → inbox), which SCR reports as an ERROR and resolves by chance of ordering.
     */
    @Reference(name = "actionRegistry", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetActionRegistry")
    synchronized void setActionRegistry(ComponentServiceObjects<ActionRegistry> objects) {
        if (registry != null) {
            registry.release();
        }
        registry = new ServiceOnDemand<>(objects);
    }

    synchronized void unsetActionRegistry(ComponentServiceObjects<ActionRegistry> objects) {
        if (registry != null && registry.wraps(objects)) {
            registry.release();
            registry = null;
        }
    }

    /** The registry, taken on the first item action; null when none is bound or it just went away. */
    private ActionRegistry actionRegistry() {
        ServiceOnDemand<ActionRegistry> current;
        synchronized (this) {
            current = registry;
        }
        try {
            return current == null ? null : current.get();
        } catch (IllegalStateException e) {
            return null;
        }
    }

    private Optional<PluginDescriptor> descriptor(String pluginId) {
        PluginAdmin admin = pluginAdmin;
        return admin == null ? Optional.empty() : admin.descriptor(pluginId);
    }

    /** Deletes the plugin's items, inside the plugin host's purge transaction. */
    @Override
    public int purge(String pluginId) {
        int purged = store.purge(pluginId);
        indexer.changed(); // the purged items leave the index soon (a search removes them first anyway)
        return purged;
    }

    @Override
    public List<InboxItem> list(InboxQuery query) {
        return store.list(query, null);
    }

    @Override
    public int count(InboxQuery query) {
        return store.count(query, null);
    }

    @Override
    public List<SearchHit> search(String text, InboxQuery filters) {
        return store.search(text, filters, true);
    }

    @Override
    public Optional<InboxItem> get(String id) {
        return store.get(id);
    }

    @Override
    public int markRead(List<String> ids, boolean read) {
        return store.markRead(ids, read);
    }

    @Override
    public StoreResult store(String source, List<InboxItemInput> items) {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("items need the bundle that stores them");
        }
        return store.store(source, items);
    }

    @Override
    public int archive(List<String> ids) {
        return store.archive(ids);
    }

    @Override
    public int unarchive(List<String> ids) {
        return store.unarchive(ids);
    }

    @Override
    public int snooze(List<String> ids, Instant until) {
        int n = store.snooze(ids, until);
        if (n > 0) {
            waker.snoozed(until);
        }
        return n;
    }

    @Override
    public int unsnooze(List<String> ids) {
        return store.unsnooze(ids);
    }

    @Override
    public InboxStats stats() {
        return store.stats();
    }

    @Override
    public Object act(String itemId, String actionType, Map<String, Object> input) {
        return actions.act(itemId, actionType, input);
    }
}
