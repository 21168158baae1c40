package io.devrig.action.file.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.common.action.InputErrors;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the resolved input. The registry checked it against the input schema already; the
 * actions check again so that a direct call gets the same {@code INVALID_INPUT} naming the
 * JSON path (never a value: content may be secret) instead of a ClassCastException.
 */
final class Inputs {

    private Inputs() {
    }

    static DevRigException invalid(String path, String message) {
        return InputErrors.atPath(path, message);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String path, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(path, "must be an object, found " + JsonTrees.type(value));
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String k) || !allowed.contains(k)) {
                throw invalid(key instanceof String k ? JsonPathText.key(path, k) : path,
                        "unknown field (allowed: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return (Map<String, Object>) map;
    }

    static String string(Map<String, Object> in, String key, String path, String fallback) {
        Object value = in.get(key);
        if (value == null) {
            if (fallback == null) {
                throw invalid(JsonPathText.key(path, key), "is required");
            }
            return fallback;
        }
        if (!(value instanceof String s)) {
            throw invalid(JsonPathText.key(path, key), "must be a string, found " + JsonTrees.type(value));
        }
        return s;
    }

    /** One of {@code choices}, {@code fallback} when absent (null: required). */
    static String choice(Map<String, Object> in, String key, String path, List<String> choices, String fallback) {
        String s = string(in, key, path, fallback);
        if (!choices.contains(s)) {
            throw invalid(JsonPathText.key(path, key), "must be one of " + String.join(", ", choices));
        }
        return s;
    }

    static boolean bool(Map<String, Object> in, String key, String path, boolean fallback) {
        Object value = in.get(key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Boolean b)) {
            throw invalid(JsonPathText.key(path, key), "must be true or false, found " + JsonTrees.type(value));
        }
        return b;
    }

    /** A whole number from 1 to {@code max}; {@code max} when absent. */
    static long limit(Map<String, Object> in, String key, String path, long max) {
        Object value = in.get(key);
        if (value == null) {
            return max;
        }
        if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
                || ((Number) value).longValue() > max) {
            throw invalid(JsonPathText.key(path, key), "must be a whole number from 1 to " + max
                    + " (the configured limit)");
        }
        return ((Number) value).longValue();
    }
}
