package io.devrig.action.http.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.common.action.InputErrors;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the resolved input. The registry validated it against the input schema already; the
 * actions check again so that a direct call fails with {@code INVALID_INPUT} naming the JSON
 * path rather than a ClassCastException. Messages name types, never values (secrets).
 */
final class Inputs {

    private Inputs() {
    }

    static DevRigException invalid(String path, String message) {
        return InputErrors.atPath(path, message);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String path) {
        if (value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance)) {
            return (Map<String, Object>) map;
        }
        throw invalid(path, "must be an object, found " + JsonTrees.type(value));
    }

    /** Fails on the first key outside {@code allowed}, so a typo is never silently ignored. */
    static void onlyKeys(Map<String, Object> object, String path, Set<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw invalid(JsonPathText.key(path, key), "unknown field (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** A string of 1 to {@code max} characters, not blank. */
    static String text(Object value, String path, int max) {
        if (!(value instanceof String s)) {
            throw invalid(path, "must be a string, found " + JsonTrees.type(value));
        }
        if (s.isBlank()) {
            throw invalid(path, "must not be empty");
        }
        if (s.length() > max) {
            throw invalid(path, "is " + s.length() + " characters long; at most " + max + " are allowed");
        }
        return s;
    }

    /** {@link #text}, or {@code fallback} when absent. */
    static String optionalText(Map<String, Object> in, String key, String path, int max, String fallback) {
        return in.get(key) == null ? fallback : text(in.get(key), JsonPathText.key(path, key), max);
    }

    static int integer(Object value, String path, int min, int max) {
        if (value instanceof Number n && (n instanceof Integer || n instanceof Long || n instanceof Short
                || n instanceof java.math.BigInteger || n.doubleValue() == Math.rint(n.doubleValue()))) {
            double d = n.doubleValue();
            if (d >= min && d <= max) {
                return (int) d;
            }
        }
        throw invalid(path, "must be a whole number from " + min + " to " + max
                + (value instanceof Number ? "" : ", found " + JsonTrees.type(value)));
    }

    static int optionalInteger(Map<String, Object> in, String key, String path, int min, int max, int fallback) {
        return in.get(key) == null ? fallback : integer(in.get(key), JsonPathText.key(path, key), min, max);
    }

    static boolean optionalBool(Map<String, Object> in, String key, String path, boolean fallback) {
        Object value = in.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        throw invalid(JsonPathText.key(path, key), "must be true or false, found " + JsonTrees.type(value));
    }
}
