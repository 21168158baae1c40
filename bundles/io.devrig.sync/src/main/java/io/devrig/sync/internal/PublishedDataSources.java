package io.devrig.sync.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.plugin.PluginConstants;
import io.devrig.api.plugin.PluginInvoker;
import io.devrig.api.sync.DataSource;
import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * The {@link DataSource} services of plugins, kept as {@link ComponentServiceObjects} and
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Key, Entry> sources = new ConcurrentHashMap<>();
    private final PluginInvoker invoker;

    PublishedDataSources(PluginInvoker invoker) {
        this.invoker = invoker;
    }

    /** The key the service publishes, or null when it is not a plugin's data source. */
    static Key key(ServiceReference<?> ref) {
        Bundle bundle = ref.getBundle();
        Object id = ref.getProperty(DataSource.ID_PROPERTY);
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

    /**
     * Reads the descriptor from the source's bundle (the header names it) and the schema
     * file its {@code configSchema} names, relative to the descriptor's folder; the plugin
     * host checked both exist when it accepted the plugin.
     */
    @Override
    public Optional<String> configSchema(String pluginId, String dataSourceId) {
        Entry e = sources.get(new Key(pluginId, dataSourceId));
        Bundle bundle = e == null ? null : e.objects().getServiceReference().getBundle();
        if (bundle == null) {
            return Optional.empty();
        }
        try {
            String location = bundle.getHeaders("").get(PluginConstants.PLUGIN_HEADER).trim();
            JsonNode descriptor = JSON.readTree(read(bundle, location).orElse("{}"));
            for (JsonNode ds : descriptor.path("capabilities").path("dataSources")) {
                String schema = ds.path("configSchema").asText("");
                if (dataSourceId.equals(ds.path("id").asText()) && !schema.isEmpty()) {
                    String base = location.contains("/") ? location.substring(0, location.lastIndexOf('/') + 1) : "";
                    return read(bundle, base + (schema.startsWith("./") ? schema.substring(2) : schema));
                }
            }
        } catch (IOException | RuntimeException unreadable) {
            // an updated or stopping bundle: the data source validates its config when it syncs
        }
        return Optional.empty();
    }

    private static Optional<String> read(Bundle bundle, String path) throws IOException {
        URL url = bundle.getEntry(path);
        if (url == null) {
            return Optional.empty();
        }
        try (InputStream in = url.openStream()) {
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
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
