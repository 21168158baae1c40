package io.devrig.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON-shaped Java values to Jackson trees and back, by type checks alone: a value is
 * a {@code Map} with {@code String} keys, a {@code Collection}, a {@code String}, a
 * standard finite {@code Number} ({@code Integer}, {@code Long}, {@code Short},
 * {@code Byte}, {@code Double}, {@code Float}, {@code BigInteger}, {@code BigDecimal}),
 * a {@code Boolean}, {@code null}, or a {@link JsonNode} (used as it is). Anything else
 * is refused with the JSON path of the offending place, never serialized: serializing a
 * plugin's object would call its getters (foreign code, side effects). Nesting deeper
 * than {@link #MAX_DEPTH} is refused (a cyclic structure), and so is an array longer
 * than the caller's limit.
 */
public final class JsonTrees {

    /** The deepest nesting followed (Jackson's own default reading limit). */
    public static final int MAX_DEPTH = 1_000;

    /** A value that is not JSON: where it is ({@link #path()}) and why, never the value itself. */
    public static final class NotJsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String path;
        private final String problem;

        NotJsonException(String path, String problem) {
            super(path + ": " + problem);
            this.path = path;
            this.problem = problem;
        }

        /** The JSON path of the offending place ({@link JsonPathText}). */
        public String path() {
            return path;
        }

        /** What is wrong there, without the path. */
        public String problem() {
            return problem;
        }
    }

    private JsonTrees() {
    }

    /**
     * {@code value} as a tree; numbers keep their exact value and type.
     *
     * @throws NotJsonException naming the first place below {@code $} that is not JSON
     */
    public static JsonNode toTree(Object value) {
        return toTree(value, JsonPathText.ROOT, MAX_DEPTH, Integer.MAX_VALUE);
    }

    /**
     * {@code value} as a tree, with tighter limits.
     *
     * @param root the JSON path of {@code value} in what the user wrote ({@code $.source}),
     *        so errors point where the user has to look
     * @param maxDepth the deepest nesting allowed (at most {@link #MAX_DEPTH})
     * @param maxArrayElements the most elements an array may have
     * @throws NotJsonException naming the first offending place
     */
    public static JsonNode toTree(Object value, String root, int maxDepth, int maxArrayElements) {
        return new Walk(root, Math.min(maxDepth, MAX_DEPTH), maxArrayElements).tree(value, 0);
    }

    /**
     * One conversion. The place of each value is kept as steps (keys and indexes) and written
     * as a path only when something is refused: building {@code $.a.b[3]} for every value made
     * the text of paths nobody reads a tenth of a webhook request's time.
     */
    private static final class Walk {
        private final String root;
        private final int maxDepth;
        private final int maxElements;
        private final ArrayList<Object> steps = new ArrayList<>();

        Walk(String root, int maxDepth, int maxElements) {
            this.root = root;
            this.maxDepth = maxDepth;
            this.maxElements = maxElements;
        }

        String path() {
            return JsonPathText.of(root, steps);
        }

        JsonNode tree(Object value, int depth) {
            if (depth > maxDepth) {
                throw new NotJsonException(path(), "nested deeper than " + maxDepth + " levels");
            }
            if (value == null) {
                return Json.NODES.nullNode();
            } else if (value instanceof JsonNode node) {
                return node;
            } else if (value instanceof String s) {
                return Json.NODES.textNode(s);
            } else if (value instanceof Boolean b) {
                return Json.NODES.booleanNode(b);
            } else if (value instanceof Number n) {
                return number(n);
            } else if (value instanceof Map<?, ?> map) {
                ObjectNode node = Json.NODES.objectNode();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    if (!(e.getKey() instanceof String key)) {
                        throw new NotJsonException(path(), "object keys must be strings, found " + type(e.getKey()));
                    }
                    steps.add(key);
                    node.set(key, tree(e.getValue(), depth + 1));
                    steps.remove(steps.size() - 1);
                }
                return node;
            } else if (value instanceof Collection<?> list) {
                if (list.size() > maxElements) {
                    throw new NotJsonException(path(), "array of " + list.size() + " elements; at most " + maxElements
                            + " are allowed");
                }
                ArrayNode node = Json.NODES.arrayNode(list.size());
                int i = 0;
                for (Object element : list) {
                    steps.add(i++);
                    node.add(tree(element, depth + 1));
                    steps.remove(steps.size() - 1);
                }
                return node;
            }
            throw new NotJsonException(path(), "not a JSON value (" + type(value) + ")");
        }

        private JsonNode number(Number n) {
            if (n instanceof Double || n instanceof Float) {
                double d = n.doubleValue();
                if (!Double.isFinite(d)) {
                    throw new NotJsonException(path(), "number " + d + " is not JSON (only finite numbers are)");
                }
                return n instanceof Float f ? Json.NODES.numberNode(f) : Json.NODES.numberNode(d);
            } else if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
                return Json.NODES.numberNode(n.intValue());
            } else if (n instanceof Long l) {
                return Json.NODES.numberNode(l);
            } else if (n instanceof BigInteger bi) {
                return Json.NODES.numberNode(bi);
            } else if (n instanceof BigDecimal bd) {
                return Json.NODES.numberNode(bd);
            }
            throw new NotJsonException(path(), "not a JSON value (" + type(n) + ")");
        }

        Object java(JsonNode node, int depth) {
            if (depth > maxDepth) {
                throw new NotJsonException(path(), "nested deeper than " + maxDepth + " levels");
            }
            if (node == null) {
                return null;
            }
            switch (node.getNodeType()) {
                case NULL, MISSING:
                    return null;
                case STRING:
                    return node.textValue();
                case BOOLEAN:
                    return node.booleanValue();
                case NUMBER:
                    return node.isShort() ? Integer.valueOf(node.intValue()) : node.numberValue();
                case ARRAY: {
                    List<Object> list = new ArrayList<>(node.size());
                    for (int i = 0; i < node.size(); i++) {
                        steps.add(i);
                        list.add(java(node.get(i), depth + 1));
                        steps.remove(steps.size() - 1);
                    }
                    return list;
                }
                case OBJECT: {
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> e : node.properties()) {
                        steps.add(e.getKey());
                        map.put(e.getKey(), java(e.getValue(), depth + 1));
                        steps.remove(steps.size() - 1);
                    }
                    return map;
                }
                default:
                    throw new NotJsonException(path(), "not a JSON value (a " + node.getNodeType().name().toLowerCase(
                            java.util.Locale.ROOT) + " node)");
            }
        }
    }

    /**
     * A tree as plain Java values: {@code LinkedHashMap}, {@code ArrayList}, {@code String},
     * the node's own number type ({@code Integer}, {@code Long}, {@code BigInteger},
     * {@code BigDecimal}, {@code Double}, {@code Float}), {@code Boolean}; null for null, a
     * missing node or a Java null.
     *
     * @throws NotJsonException for a POJO or binary node (a Java object inside a tree)
     */
    public static Object toJava(JsonNode node) {
        return new Walk(JsonPathText.ROOT, MAX_DEPTH, Integer.MAX_VALUE).java(node, 0);
    }

    /** Whether a node is one of the six JSON types (not a POJO, binary or missing node). */
    public static boolean isJson(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING, NUMBER, BOOLEAN, NULL, OBJECT, ARRAY -> true;
            default -> false;
        };
    }

    /** The JSON type of a node for messages: string, number, boolean, null, object, array, or other. */
    public static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case NULL -> "null";
            case OBJECT -> "object";
            case ARRAY -> "array";
            default -> "other";
        };
    }

    /**
     * The JSON type of a Java value for messages: string, number, boolean, object, array,
     * null, or {@code Java <class>} for anything else (never its text).
     */
    public static String type(Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof JsonNode node) {
            return kind(node);
        } else if (value instanceof String) {
            return "string";
        } else if (isStandardNumber(value)) {
            return "number";
        } else if (value instanceof Boolean) {
            return "boolean";
        } else if (value instanceof Map) {
            return "object";
        } else if (value instanceof Collection) {
            return "array";
        }
        String simple = value.getClass().getSimpleName();
        return "Java " + (simple.isEmpty() ? value.getClass().getName() : simple);
    }

    private static boolean isStandardNumber(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof BigDecimal
                || value instanceof BigInteger || value instanceof Float || value instanceof Short
                || value instanceof Byte;
    }
}
