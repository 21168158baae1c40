package io.devrig.inbox.internal;

import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxItemInput;
import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.StoreResult;
import io.devrig.api.inbox.SyncProgress;
import io.devrig.api.plugin.PermissionGate;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.api.plugin.sdk.PluginInbox;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.event.EventAdmin;

/**
 * {@link PluginInbox}, one instance per using bundle: the caller is the bundle that got
 * the service, so a plugin can only name its own items. Every call checks
 * {@code inbox:write} with the plugin host's {@link PermissionGate} first.
 */
@Component(service = PluginInbox.class, scope = ServiceScope.BUNDLE)
public final class PluginInboxComponent implements PluginInbox {

    static final int MAX_DATA_SOURCE_ID = 100;
    static final int MAX_PROGRESS_MESSAGE = 500;

    private final String pluginId;
    private final PermissionGate gate;
    private final EventPublisher events;
    private final InboxStore store;
    private final Function<String, Optional<PluginDescriptor>> descriptors;

    @Activate
    public PluginInboxComponent(ComponentContext context, @Reference(name = "database") Database database,
            @Reference(name = "gate") PermissionGate gate, @Reference(name = "plugins") PluginAdmin plugins) {
        this(context.getUsingBundle().getSymbolicName(), database, DevRigClock.system(), gate, plugins::descriptor,
                new EventPublisher());
    }

    PluginInboxComponent(String pluginId, Database database, DevRigClock clock, PermissionGate gate,
            Function<String, Optional<PluginDescriptor>> descriptors, EventPublisher events) {
        this.pluginId = pluginId;
        this.gate = gate;
        this.descriptors = descriptors;
        this.events = events;
        this.store = new InboxStore(database, clock, events);
    }

    @Reference(name = "eventAdmin", cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unsetEventAdmin")
    void setEventAdmin(EventAdmin admin) {
        events.set(admin);
    }

    void unsetEventAdmin(EventAdmin admin) {
        events.unset(admin);
    }

    @Override
    public StoreResult storeItems(List<InboxItemInput> items) {
        gate.check(pluginId, PermissionGate.INBOX_WRITE);
        return store.store(pluginId, items);
    }

    @Override
    public List<InboxItem> queryItems(InboxQuery query) {
        gate.check(pluginId, PermissionGate.INBOX_WRITE);
        return store.list(query == null ? InboxQuery.all() : query, pluginId);
    }

    @Override
    public int markRead(List<String> externalIds) {
        gate.check(pluginId, PermissionGate.INBOX_WRITE);
        return store.markReadOwn(pluginId, externalIds);
    }

    @Override
    public int archive(List<String> externalIds) {
        gate.check(pluginId, PermissionGate.INBOX_WRITE);
        return store.archiveOwn(pluginId, externalIds);
    }

    @Override
    public void reportSyncProgress(SyncProgress progress) {
        gate.check(pluginId, PermissionGate.INBOX_WRITE);
        if (progress == null) {
            throw InboxStore.invalid("progress: required");
        }
        String source = progress.dataSourceId();
        if (source == null || source.isBlank()) {
            throw InboxStore.invalid("dataSourceId: required");
        }
        if (source.length() > MAX_DATA_SOURCE_ID) {
            throw InboxStore.invalid("dataSourceId: at most " + MAX_DATA_SOURCE_ID + " characters, got "
                    + source.length());
        }
        if (progress.processed() < 0) {
            throw InboxStore.invalid("processed: must not be negative");
        }
        if (progress.total() < -1) {
            throw InboxStore.invalid("total: -1 (unknown) or more");
        }
        if (progress.message() != null && progress.message().length() > MAX_PROGRESS_MESSAGE) {
            throw InboxStore.invalid("message: at most " + MAX_PROGRESS_MESSAGE + " characters, got "
                    + progress.message().length());
        }
        if (!declaresDataSource(source)) {
            throw InboxStore.invalid("dataSourceId: '" + source + "' is not a data source of plugin '" + pluginId + "'");
        }
        events.syncProgress(pluginId, source, progress.processed(), progress.total(), progress.message());
    }

    /** Whether the plugin's descriptor declares the data source (a plugin reports only its own). */
    private boolean declaresDataSource(String source) {
        return descriptors.apply(pluginId)
                .map(d -> d.capabilities().dataSources().stream().anyMatch(ds -> source.equals(ds.id())))
                .orElse(false);
    }
}
