package io.devrig.template.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.TemplateErrors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * What the engine does with data values: truthiness, comparison, text output, and turning
 * the caller's data into a tree. It only ever asks a node for its type, its scalar value or
 * its children; a {@code POJONode} (a Java object inside a tree) is refused, never serialized,
 * because serializing it would call its getters.
 */
final class Values {

    /** Deeper than this is surely a cyclic tree (Jackson itself stops parsing at 1000 by default). */
    static final int MAX_DATA_DEPTH = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Values() {
    }

    /** A number literal already checked by the {@link Lexer}, typed the way Jackson types parsed JSON. */
    static JsonNode number(String text) {
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            BigInteger value = new BigInteger(text);
            if (value.bitLength() < 32) {
                return IntNode.valueOf(value.intValue());
            }
            return value.bitLength() < 64 ? LongNode.valueOf(value.longValue()) : BigIntegerNode.valueOf(value);
        }
        return DoubleNode.valueOf(Double.parseDouble(text));
    }

    /** Handlebars truthiness: missing, null, false, 0, "" and [] are false; anything else (also {}) is true. */
    static boolean truthy(JsonNode n) {
        if (n == null) {
            return false;
        }
        return switch (n.getNodeType()) {
            case MISSING, NULL -> false;
            case BOOLEAN -> n.booleanValue();
            case NUMBER -> !isZeroOrNaN(n);
            case STRING -> !n.textValue().isEmpty();
            case ARRAY -> n.size() > 0;
            default -> true;
        };
    }

    private static boolean isZeroOrNaN(JsonNode n) {
        if (n.isDouble() || n.isFloat()) {
            double d = n.doubleValue();
            return d == 0 || Double.isNaN(d);
        }
        return n.isBigDecimal() ? n.decimalValue().signum() == 0 : n.bigIntegerValue().signum() == 0;
    }

    /**
     * JSON equality: numbers by value ({@code 1} equals {@code 1.0}), strings and booleans
     * exactly, arrays element by element, objects field by field in any order; missing
     * equals null; values of different types are never equal.
     */
    static boolean equal(JsonNode a, JsonNode b) {
        return equal(a, b, 0);
    }

    private static boolean equal(JsonNode a, JsonNode b, int depth) {
        if (depth > MAX_DATA_DEPTH) {
            throw tooDeep();
        }
        boolean aNull = a == null || a.isNull() || a.isMissingNode();
        boolean bNull = b == null || b.isNull() || b.isMissingNode();
        if (aNull || bNull) {
            return aNull && bNull;
        }
        if (a.isNumber() && b.isNumber()) {
            Integer c = compareNumbers(a, b);
            return c != null && c == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        switch (a.getNodeType()) {
            case STRING:
                return a.textValue().equals(b.textValue());
            case BOOLEAN:
                return a.booleanValue() == b.booleanValue();
            case ARRAY:
                if (a.size() != b.size()) {
                    return false;
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!equal(a.get(i), b.get(i), depth + 1)) {
                        return false;
                    }
                }
                return true;
            case OBJECT:
                if (a.size() != b.size()) {
                    return false;
                }
                for (Map.Entry<String, JsonNode> field : a.properties()) {
                    JsonNode other = b.get(field.getKey());
                    if (other == null || !equal(field.getValue(), other, depth + 1)) {
                        return false;
                    }
                }
                return true;
            default:
                // binary and POJO nodes: never compared (equals() of a POJO is foreign code)
                return false;
        }
    }

    /**
     * Order of two numbers or two strings (by UTF-16 code unit); null when they are not
     * comparable (other types, mixed types, NaN).
     */
    static Integer compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return null;
        }
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b);
        }
        if (a.isTextual() && b.isTextual()) {
            return Integer.signum(a.textValue().compareTo(b.textValue()));
        }
        return null;
    }

    private static Integer compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        boolean aFloat = a.isDouble() || a.isFloat();
        boolean bFloat = b.isDouble() || b.isFloat();
        double da = aFloat ? a.doubleValue() : 0;
        double db = bFloat ? b.doubleValue() : 0;
        if ((aFloat && Double.isNaN(da)) || (bFloat && Double.isNaN(db))) {
            return null;
        }
        if ((aFloat && Double.isInfinite(da)) || (bFloat && Double.isInfinite(db))) {
            return Double.compare(aFloat ? da : a.doubleValue(), bFloat ? db : b.doubleValue());
        }
        // exact, and 0.1 in a template equals 0.1 in the data whether it was parsed as double or BigDecimal
        return decimal(a).compareTo(decimal(b));
    }

    private static BigDecimal decimal(JsonNode n) {
        if (n.isDouble() || n.isFloat()) {
            return BigDecimal.valueOf(n.doubleValue());
        }
        return n.isBigDecimal() ? n.decimalValue() : new BigDecimal(n.bigIntegerValue());
    }

    /**
     * Writes a value as a tag inserts it: nothing for missing and null, strings as they are,
     * numbers and booleans as their JSON text, objects and arrays as compact JSON.
     *
     * @param where the tag's path as written, for the error about a non-JSON value
     */
    static void write(JsonNode n, Output out, boolean escape, String where) {
        if (n == null) {
            return;
        }
        switch (n.getNodeType()) {
            case MISSING, NULL -> {
            }
            case STRING -> out.value(n.textValue(), escape);
            case NUMBER, BOOLEAN, BINARY -> out.value(n.asText(), escape);
            case ARRAY, OBJECT -> json(n, out, escape, where, 0);
            default -> throw notJson(where);
        }
    }

    private static void json(JsonNode n, Output out, boolean escape, String where, int depth) {
        if (depth > MAX_DATA_DEPTH) {
            throw tooDeep();
        }
        switch (n.getNodeType()) {
            case OBJECT -> {
                out.value("{", escape);
                boolean first = true;
                for (Map.Entry<String, JsonNode> field : n.properties()) {
                    if (!first) {
                        out.value(",", escape);
                    }
                    first = false;
                    quoted(field.getKey(), out, escape);
                    out.value(":", escape);
                    json(field.getValue(), out, escape, where, depth + 1);
                }
                out.value("}", escape);
            }
            case ARRAY -> {
                out.value("[", escape);
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) {
                        out.value(",", escape);
                    }
                    json(n.get(i), out, escape, where, depth + 1);
                }
                out.value("]", escape);
            }
            case STRING -> quoted(n.textValue(), out, escape);
            case BINARY -> quoted(n.asText(), out, escape);
            case NUMBER, BOOLEAN -> out.value(n.asText(), escape);
            case NULL, MISSING -> out.value("null", escape);
            default -> throw notJson(where);
        }
    }

    /** A JSON string literal, written in runs so that a long string is never copied first. */
    private static void quoted(String s, Output out, boolean escape) {
        out.value("\"", escape);
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String e = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                default -> c < 0x20 ? String.format("\\u%04x", (int) c) : null;
            };
            if (e != null) {
                out.value(s, run, i, escape);
                out.value(e, escape);
                run = i + 1;
            }
        }
        out.value(s, run, s.length(), escape);
        out.value("\"", escape);
    }

    /**
     * The caller's data as a tree. A {@link JsonNode} is used as it is; JSON-shaped Java
     * values are copied by type checks alone (no reflection, no getters).
     */
    static JsonNode tree(Object data) {
        return tree(data, 0);
    }

    private static JsonNode tree(Object data, int depth) {
        if (depth > MAX_DATA_DEPTH) {
            throw tooDeep();
        }
        if (data == null) {
            return NullNode.getInstance();
        }
        if (data instanceof JsonNode node) {
            return node;
        }
        if (data instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (data instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (data instanceof Integer || data instanceof Long || data instanceof Short || data instanceof Byte) {
            return LongNode.valueOf(((Number) data).longValue());
        }
        if (data instanceof Double || data instanceof Float) {
            double d = ((Number) data).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw notJsonData("a non-finite number");
            }
            return DoubleNode.valueOf(d);
        }
        if (data instanceof BigInteger i) {
            return BigIntegerNode.valueOf(i);
        }
        if (data instanceof BigDecimal d) {
            return DecimalNode.valueOf(d);
        }
        if (data instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw notJsonData("a map key that is not a string");
                }
                object.set(key, tree(e.getValue(), depth + 1));
            }
            return object;
        }
        if (data instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode();
            for (Iterator<?> it = list.iterator(); it.hasNext();) {
                array.add(tree(it.next(), depth + 1));
            }
            return array;
        }
        throw notJsonData("a " + data.getClass().getName());
    }

    private static DevRigException notJsonData(String what) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "template data must be JSON "
                + "(a JsonNode, or Map, List, String, Number, Boolean and null), not " + what);
    }

    private static DevRigException notJson(String where) {
        return new DevRigException(DevRigError.of(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                "the data at '" + where + "' holds a Java object, not JSON; templates only render JSON values")
                .withDetails(Map.of(TemplateErrors.PATH, where)));
    }

    static DevRigException tooDeep() {
        return new DevRigException(DevRigError.of(TemplateErrors.TEMPLATE_DATA_TOO_DEEP, ErrorCategory.PERMANENT,
                "template data is nested deeper than " + MAX_DATA_DEPTH + " levels (a cyclic tree?)")
                .withDetails(Map.of(TemplateErrors.LIMIT, MAX_DATA_DEPTH)));
    }
}
