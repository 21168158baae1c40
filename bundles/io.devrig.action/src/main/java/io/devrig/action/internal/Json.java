package io.devrig.action.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Copies JSON-compatible Java values into a Jackson tree, strictly: {@code Map} with
 * string keys, {@code Collection}, {@code String}, the standard {@code Number}s,
 * {@code Boolean}, {@code null} and Jackson nodes. Anything else is refused instead of
 * being serialized through its getters (which would call methods of arbitrary objects).
 */
final class Json {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_DEPTH = 1000;

    /** A value that is not JSON, with where it is (its value is never part of the message). */
    static final class NotJsonException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Location location;

        NotJsonException(Location location, String message) {
            super(message);
            this.location = location;
        }

        Location location() {
            return location;
        }
    }

    private Json() {
    }

    static JsonNode toTree(Object value) throws NotJsonException {
        return toTree(value, Location.ROOT, 0);
    }

    private static JsonNode toTree(Object value, Location at, int depth) throws NotJsonException {
        if (depth > MAX_DEPTH) {
            throw new NotJsonException(at, "nested deeper than " + MAX_DEPTH + " levels");
        }
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof BigInteger i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode node = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new NotJsonException(at, "an object key is not a string");
                }
                node.set(key, toTree(e.getValue(), at.key(key), depth + 1));
            }
            return node;
        }
        if (value instanceof Collection<?> list) {
            ArrayNode node = NODES.arrayNode(list.size());
            int i = 0;
            for (Object element : list) {
                node.add(toTree(element, at.index(i), depth + 1));
                i++;
            }
            return node;
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        String type = value.getClass().getSimpleName();
        throw new NotJsonException(at, "not a JSON value (a " + (type.isEmpty() ? value.getClass().getName() : type) + ")");
    }
}
