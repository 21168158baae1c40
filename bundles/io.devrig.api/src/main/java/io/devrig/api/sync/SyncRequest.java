package io.devrig.api.sync;

import java.util.Map;

/**
 * What a data source is asked to fetch.
 *
 * @param dataSourceId the data source
 * @param cursor what the last successful page returned, or null for a first sync
 * @param page the page number within this cycle, from 1
 * @param config the plugin's settings at the start of the cycle (JSON-compatible values, the
 *        object {@link io.devrig.api.plugin.sdk.PluginSettings#get()} returns), never null
 */
public record SyncRequest(String dataSourceId, String cursor, int page, Map<String, Object> config) {

    public SyncRequest {
        config = config == null ? Map.of() : Map.copyOf(config);
    }
}
