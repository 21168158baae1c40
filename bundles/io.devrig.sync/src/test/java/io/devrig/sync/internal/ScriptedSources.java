package io.devrig.sync.internal;

import io.devrig.api.sync.SyncRequest;
import io.devrig.api.sync.SyncResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Data sources whose every page the test scripts. Pages "store" their items in
 * {@link #stored} keyed by external id, the way the inbox upserts, and count each store
 * in {@link #stores}, so a test sees a page fetched twice.
 */
final class ScriptedSources implements DataSources {

    /** A page's behaviour: return a result, or throw. */
    @FunctionalInterface
    interface Page {
        SyncResult fetch(SyncRequest request, ScriptedSources sources) throws Exception;
    }

    record Call(String pluginId, String dataSourceId, String cursor, int page) {
    }

    final Map<String, Page> scripts = new ConcurrentHashMap<>();
    final Set<String> available = ConcurrentHashMap.newKeySet();
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final Map<String, Integer> stores = new ConcurrentHashMap<>();
    final Map<String, String> stored = new ConcurrentHashMap<>();
    /** The plugins' settings, by plugin id (what the plugin host hands out). */
    final Map<String, Map<String, Object>> settings = new ConcurrentHashMap<>();
    /** The plugins the plugin host knows, with their state. */
    final Map<String, String> pluginStates = new ConcurrentHashMap<>();
    /** Descriptors' defaultSyncIntervalMs by "plugin/dataSource". */
    final Map<String, Long> defaultIntervals = new ConcurrentHashMap<>();

    ScriptedSources script(String pluginId, String dataSourceId, Page page) {
        scripts.put(pluginId + "/" + dataSourceId, page);
        available.add(pluginId + "/" + dataSourceId);
        return this;
    }

    void store(String externalId, String content) {
        stored.put(externalId, content);
        stores.merge(externalId, 1, Integer::sum);
    }

    List<Call> calls(String dataSourceId) {
        return calls.stream().filter(c -> c.dataSourceId().equals(dataSourceId)).toList();
    }

    @Override
    public boolean available(String pluginId, String dataSourceId) {
        return available.contains(pluginId + "/" + dataSourceId);
    }

    @Override
    public Map<String, Object> settings(String pluginId) {
        return settings.getOrDefault(pluginId, Map.of());
    }

    @Override
    public boolean isPlugin(String pluginId) {
        return pluginStates.containsKey(pluginId);
    }

    @Override
    public Optional<String> pluginState(String pluginId) {
        return Optional.ofNullable(pluginStates.get(pluginId));
    }

    @Override
    public Long defaultIntervalMs(String pluginId, String dataSourceId) {
        return defaultIntervals.get(pluginId + "/" + dataSourceId);
    }

    @Override
    public SyncResult syncPage(String pluginId, SyncRequest request) throws Exception {
        if (!available(pluginId, request.dataSourceId())) {
            throw new SourceGoneException(pluginId, request.dataSourceId());
        }
        calls.add(new Call(pluginId, request.dataSourceId(), request.cursor(), request.page()));
        return scripts.get(pluginId + "/" + request.dataSourceId()).fetch(request, this);
    }
}
