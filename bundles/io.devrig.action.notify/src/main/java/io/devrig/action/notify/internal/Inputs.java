package io.devrig.action.notify.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.common.action.InputErrors;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the resolved input again after the registry's schema check, so that a direct call
 * fails with {@code INVALID_INPUT} at a JSON path. Messages name types, never values.
 */
final class Inputs {

    private Inputs() {
    }

    static DevRigException invalid(String path, String message) {
        return InputErrors.atPath(path, message);
    }

    /** The input object, refusing keys outside {@code allowed}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fields(Object value, String path, Set<String> allowed) {
        if (!(value instanceof Map<?, ?> map) || !map.keySet().stream().allMatch(String.class::isInstance)) {
            throw invalid(path, "must be an object, found " + JsonTrees.type(value));
        }
        for (Object key : map.keySet()) {
            if (!allowed.contains(key)) {
                throw invalid(JsonPathText.key(path, (String) key), "unknown field (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
        return (Map<String, Object>) map;
    }

    /** A string of 1 to {@code max} characters (not blank), or {@code fallback} when absent. */
    static String text(Map<String, Object> in, String key, int max, String fallback) {
        Object value = in.get(key);
        String path = JsonPathText.key("$", key);
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof String s) || s.isBlank()) {
            throw invalid(path, "must be a non-empty string, found " + JsonTrees.type(value));
        }
        if (s.length() > max) {
            throw invalid(path, "is " + s.length() + " characters long; at most " + max + " are allowed");
        }
        return s;
    }
}
