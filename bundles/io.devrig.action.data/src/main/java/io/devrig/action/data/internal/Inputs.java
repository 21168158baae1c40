package io.devrig.action.data.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Defensive reading of a resolved input. The registry has validated it against the input
 * schema already; these checks keep an executor called some other way (a test, another
 * bundle, a future schema change) from failing with a ClassCastException.
 */
final class Inputs {

    private Inputs() {
    }

    /** The value as a JSON object with string keys, else {@code INVALID_INPUT} at {@code path}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw DataErrors.invalid(path, "must be an object, found " + Json.type(value));
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw DataErrors.invalid(path, "object keys must be strings, found " + Json.type(key));
            }
        }
        return (Map<String, Object>) map;
    }

    /** Refuses fields the schema does not know, naming the first one. */
    static void onlyFields(Map<String, Object> object, String path, Set<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw DataErrors.invalid(Json.child(path, key), "unknown field (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    static Object required(Map<String, Object> object, String key, String path) {
        if (!object.containsKey(key)) {
            throw DataErrors.invalid(Json.child(path, key), "is required");
        }
        return object.get(key);
    }

    static List<?> array(Object value, String path) {
        if (!(value instanceof List<?> list)) {
            throw DataErrors.invalid(path, "must be an array, found " + Json.type(value));
        }
        return list;
    }

    static String string(Object value, String path) {
        if (!(value instanceof String s)) {
            throw DataErrors.invalid(path, "must be a string, found " + Json.type(value));
        }
        return s;
    }

    /** A non-blank string of at most {@code maxChars} characters. */
    static String text(Object value, String path, int maxChars) {
        String s = string(value, path);
        if (s.isBlank()) {
            throw DataErrors.invalid(path, "must not be empty");
        }
        if (s.length() > maxChars) {
            throw DataErrors.invalid(path, "is " + s.length() + " characters long; at most " + maxChars + " are allowed");
        }
        return s;
    }
}
