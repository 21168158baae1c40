package io.devrig.sdk.testkit;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.sdk.PluginStorage;
import io.devrig.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@link PluginStorage} in memory, with the host's rules: keys of 1-256 characters without
 * control characters, values valid JSON (stored compact), a quota of 1 MiB of keys and values.
 */
public final class FakePluginStorage implements PluginStorage {

    /** The host's per-plugin quota, bytes of keys and values. */
    public static final long QUOTA_BYTES = 1024 * 1024;
    static final int MAX_KEY_LENGTH = 256;

    private final PluginKit kit;
    private final Map<String, String> values = new TreeMap<>();

    FakePluginStorage(PluginKit kit) {
        this.kit = kit;
    }

    @Override
    public synchronized Optional<String> get(String key) {
        checkKey(key);
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public synchronized void put(String key, String json) {
        checkKey(key);
        String value;
        try {
            com.fasterxml.jackson.databind.JsonNode node = Json.MAPPER.readTree(json == null ? "" : json);
            value = node == null || node.isMissingNode() ? null : node.toString();
        } catch (java.io.IOException e) {
            value = null;
        }
        if (value == null) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "plugin " + kit.pluginId() + ": the value for key '" + key + "' is not valid JSON");
        }
        long used = values.entrySet().stream().filter(e -> !e.getKey().equals(key))
                .mapToLong(e -> bytes(e.getKey()) + bytes(e.getValue())).sum();
        long total = used + bytes(key) + bytes(value);
        if (total > QUOTA_BYTES) {
            throw new DevRigException(ErrorCodes.PLUGIN_STORAGE_QUOTA, ErrorCategory.RESOURCE,
                    "plugin " + kit.pluginId() + " would use " + total + " bytes of storage; its quota is " + QUOTA_BYTES);
        }
        values.put(key, value);
    }

    @Override
    public synchronized boolean delete(String key) {
        checkKey(key);
        return values.remove(key) != null;
    }

    @Override
    public synchronized List<String> keys() {
        return List.copyOf(values.keySet());
    }

    private static long bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private void checkKey(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "plugin " + kit.pluginId()
                    + ": a storage key must be 1-" + MAX_KEY_LENGTH + " characters without control characters");
        }
    }
}
