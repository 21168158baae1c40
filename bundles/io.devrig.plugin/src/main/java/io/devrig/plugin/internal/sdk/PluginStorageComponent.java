package io.devrig.plugin.internal.sdk;

import io.devrig.api.plugin.PermissionGate;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.plugin.sdk.PluginStorage;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

/** {@link PluginStorage} of one plugin, in {@code plugin_storage}, under a per-plugin quota. */
@Component(service = PluginStorage.class, scope = ServiceScope.BUNDLE)
public final class PluginStorageComponent implements PluginStorage {

    /** Bytes of keys and values one plugin may store. */
    static final long QUOTA_BYTES = 1024 * 1024;
    static final int MAX_KEY_LENGTH = 256;

    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper
    private static final UlidGenerator IDS = new UlidGenerator();

    private final String pluginId;
    private final Database db;
    private final PermissionGate gate;

    @Activate
    public PluginStorageComponent(ComponentContext context, @Reference Database db, @Reference PermissionGate gate) {
        this(context.getUsingBundle().getSymbolicName(), db, gate);
    }

    PluginStorageComponent(String pluginId, Database db, PermissionGate gate) {
        this.pluginId = pluginId;
        this.db = db;
        this.gate = gate;
    }

    @Override
    public Optional<String> get(String key) {
        gate.check(pluginId, null);
        checkKey(key);
        return db.read(h -> h.queryOne("SELECT s.value FROM plugin_storage s JOIN plugins p ON p.id = s.plugin_id"
                + " WHERE p.name = ? AND s.key = ?", r -> r.getString(1), pluginId, key));
    }

    @Override
    public void put(String key, String json) {
        gate.check(pluginId, null);
        checkKey(key);
        String value = null;
        try {
            // parsed once; an empty input is a MissingNode, not a JSON value
            com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(json == null ? "" : json);
            if (node != null && !node.isMissingNode()) {
                value = node.toString();
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            value = null;
        }
        if (value == null) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "plugin " + pluginId + ": the value for key '" + key + "' is not valid JSON");
        }
        String stored = value;
        db.write(h -> {
            String rowId = h.queryOne("SELECT id FROM plugins WHERE name = ?", r -> r.getString(1), pluginId)
                    .orElseThrow(() -> new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT,
                            "plugin " + pluginId + " is not registered"));
            long used = h.queryLong("SELECT coalesce(sum(length(CAST(key AS BLOB)) + length(CAST(value AS BLOB))), 0)"
                    + " FROM plugin_storage WHERE plugin_id = ? AND key <> ?", rowId, key).orElse(0L);
            long adding = key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + stored.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (used + adding > QUOTA_BYTES) {
                throw new DevRigException(ErrorCodes.PLUGIN_STORAGE_QUOTA, ErrorCategory.RESOURCE,
                        "plugin " + pluginId + " would use " + (used + adding) + " bytes of storage; its quota is "
                                + QUOTA_BYTES);
            }
            String now = DevRigClock.system().timestamp();
            return h.update("INSERT INTO plugin_storage(id, plugin_id, key, value, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(plugin_id, key)"
                    + " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                    IDS.nextString(), rowId, key, stored, now, now);
        });
    }

    @Override
    public boolean delete(String key) {
        gate.check(pluginId, null);
        checkKey(key);
        return db.write(h -> h.update("DELETE FROM plugin_storage WHERE key = ? AND plugin_id ="
                + " (SELECT id FROM plugins WHERE name = ?)", key, pluginId)) > 0;
    }

    @Override
    public List<String> keys() {
        gate.check(pluginId, null);
        return db.read(h -> h.query("SELECT s.key FROM plugin_storage s JOIN plugins p ON p.id = s.plugin_id"
                + " WHERE p.name = ? ORDER BY s.key", r -> r.getString(1), pluginId));
    }

    private void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "plugin " + pluginId + ": a storage key must be 1-" + MAX_KEY_LENGTH
                            + " characters without control characters");
        }
    }
}
