package io.devrig.sync.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.plugin.PluginAdmin;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * The {@link DataSource} services of plugins (matched to their descriptor entry by
 * {@code devrig.capability}; nothing is read from the plugin's bundle), kept as {@link ComponentServiceObjects} and
 * fetched only for the length of a call (a plugin's data source needs the inbox SDK, and
 * must be able to come and go without restarting the scheduler). A source counts as
 * available while its bundle is ACTIVE: a bundle that is STOPPING (disabled, updated) has
 * its calls cancelled by the plugin host, and such a cycle ends as "stopped", not as a
 * failure that would back the source off.
 */
final class PublishedDataSources implements DataSources {

    record Key(String pluginId, String dataSourceId) {
    }

    private record Entry(ComponentServiceObjects<DataSource> objects, long serviceId) {
    }

    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper

    private final Map<Key, Entry> sources = new ConcurrentHashMap<>();
    private final PluginInvoker invoker;
    private final PluginAdmin admin;

    PublishedDataSources(PluginInvoker invoker, PluginAdmin admin) {
        this.invoker = invoker;
        this.admin = admin;
    }

    /**
     * The key the service publishes ({@code devrig.capability=dataSource:<id>}; the former
     * {@code devrig.datasource.id} is still read for one release), or null when it is not a
     * plugin's data source.
     */
    @SuppressWarnings("deprecation")
    static Key key(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        String prefix = io.devrig.api.plugin.PluginDescriptor.DataSource.KIND + ":";
        Object id = ref.getProperty(PluginConstants.CAPABILITY_PROPERTY) instanceof String c && c.startsWith(prefix)
                ? c.substring(prefix.length()) : ref.getProperty(DataSource.ID_PROPERTY);
        if (bundle == null || !(id instanceof String ds) || ds.isBlank()
                || bundle.getHeaders("").get(PluginConstants.PLUGIN_HEADER) == null) {
            return null;
        }
        return new Key(bundle.getSymbolicName(), ds);
    }

    /** Adds a source; the key, or null when the service is not a plugin's data source. */
    Key add(ComponentServiceObjects<DataSource> objects) {
        ServiceReference<DataSource> ref = objects.getServiceReference();
        Key key = key(ref);
        if (key != null) {
            sources.put(key, new Entry(objects, (Long) ref.getProperty(Constants.SERVICE_ID)));
        }
        return key;
    }

    void remove(ComponentServiceObjects<DataSource> objects) {
        ServiceReference<DataSource> ref = objects.getServiceReference();
        Key key = key(ref);
        if (key != null) {
            long id = (Long) ref.getProperty(Constants.SERVICE_ID);
            sources.computeIfPresent(key, (k, e) -> e.serviceId() == id ? null : e);
        }
    }

    @Override
    public boolean available(String pluginId, String dataSourceId) {
        Entry e = sources.get(new Key(pluginId, dataSourceId));
        if (e == null) {
            return false;
        }
        Bundle bundle = e.objects().getServiceReference().getBundle();
        return bundle != null && bundle.getState() == Bundle.ACTIVE;
    }

    /** The plugin's settings from the plugin host, which validated and stored them. */
    @Override
    public Map<String, Object> settings(String pluginId) {
        try {
            return JSON.readValue(admin.settings(pluginId), new TypeReference<Map<String, Object>>() { });
        } catch (IOException | RuntimeException unknown) {
            return Map.of(); // a plugin the host no longer knows: its data source is not published either
        }
    }

    @Override
    public boolean isPlugin(String pluginId) {
        return admin.descriptor(pluginId).isPresent();
    }

    @Override
    public Optional<String> pluginState(String pluginId) {
        return admin.plugin(pluginId).map(p -> p.state().wireName());
    }

    @Override
    public Long defaultIntervalMs(String pluginId, String dataSourceId) {
        return admin.descriptor(pluginId).flatMap(d -> d.capabilities().dataSources().stream()
                .filter(ds -> ds.id().equals(dataSourceId)).findFirst())
                .map(io.devrig.api.plugin.PluginDescriptor.DataSource::defaultSyncIntervalMs).orElse(null);
    }

    @Override
    public SyncResult syncPage(String pluginId, SyncRequest request) throws Exception {
        Entry e = sources.get(new Key(pluginId, request.dataSourceId()));
        DataSource source;
        try {
            source = e == null ? null : e.objects().getService();
        } catch (IllegalStateException gone) {
            source = null; // unregistered in between
        }
        if (source == null || !available(pluginId, request.dataSourceId())) {
            if (source != null) {
                e.objects().ungetService(source);
            }
            throw new SourceGoneException(pluginId, request.dataSourceId());
        }
        DataSource call = source;
        try {
            return invoker.invoke(pluginId, "sync:" + request.dataSourceId(), () -> call.sync(request));
        } finally {
            try {
                e.objects().ungetService(source);
            } catch (IllegalStateException | IllegalArgumentException gone) {
                // the service or our component went away during the call: nothing to give back
            }
        }
    }
}
