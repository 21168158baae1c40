package io.devrig.action.data.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.common.json.JsonPathText;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.path.DataPath;
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

    /** The most elements any array of an input may have. */
    static final int MAX_ARRAY_ELEMENTS = 100_000;

    private Inputs() {
    }

    /**
     * {@code value} as a tree (numbers exact), after checking it is JSON: maps with string
     * keys, lists of at most {@link #MAX_ARRAY_ELEMENTS}, strings, finite standard numbers,
     * booleans, null, nesting of at most {@link JsonTrees#MAX_DEPTH}; no getter is ever called.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} at the first offending path
     */
    static JsonNode tree(Object value, String path) {
        try {
            return JsonTrees.toTree(value, path, JsonTrees.MAX_DEPTH, MAX_ARRAY_ELEMENTS);
        } catch (JsonTrees.NotJsonException e) {
            throw DataErrors.invalid(e.path(), e.problem());
        }
    }

    /**
     * A field path of the user's ({@code order.lines[0].price}, DevRig's one data-path grammar).
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} at {@code path} when it does not parse
     */
    static DataPath fieldPath(String text, String path) {
        try {
            DataPath parsed = DataPath.parse(text);
            if (parsed.isRoot()) {
                throw DataErrors.invalid(path, "must not be empty");
            }
            return parsed;
        } catch (DataPath.SyntaxException e) {
            throw DataErrors.invalid(path, e.getMessage());
        }
    }

    /** The value as a JSON object with string keys, else {@code INVALID_INPUT} at {@code path}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value, String path) {
        if (!(value instanceof Map<?, ?> map)) {
            throw DataErrors.invalid(path, "must be an object, found " + JsonTrees.type(value));
        }
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                throw DataErrors.invalid(path, "object keys must be strings, found " + JsonTrees.type(key));
            }
        }
        return (Map<String, Object>) map;
    }

    /** Refuses fields the schema does not know, naming the first one. */
    static void onlyFields(Map<String, Object> object, String path, Set<String> allowed) {
        for (String key : object.keySet()) {
            if (!allowed.contains(key)) {
                throw DataErrors.invalid(JsonPathText.key(path, key), "unknown field (allowed: "
                        + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    static Object required(Map<String, Object> object, String key, String path) {
        if (!object.containsKey(key)) {
            throw DataErrors.invalid(JsonPathText.key(path, key), "is required");
        }
        return object.get(key);
    }

    static List<?> array(Object value, String path) {
        if (!(value instanceof List<?> list)) {
            throw DataErrors.invalid(path, "must be an array, found " + JsonTrees.type(value));
        }
        return list;
    }

    static String string(Object value, String path) {
        if (!(value instanceof String s)) {
            throw DataErrors.invalid(path, "must be a string, found " + JsonTrees.type(value));
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
