package io.devrig.template.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.TemplateErrors;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.json.JsonValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the engine does with data values: truthiness, comparison, text output, and turning
 * the caller's data into a tree. It only ever asks a node for its type, its scalar value or
 * its children; a {@code POJONode} (a Java object inside a tree) is refused, never serialized,
 * because serializing it would call its getters.
 */
final class Values {

    /** Deeper than this is surely a cyclic tree (Jackson itself stops parsing at 1000 by default). */
    static final int MAX_DATA_DEPTH = JsonTrees.MAX_DEPTH;

    private Values() {
    }

    /** A number literal already checked by the {@link Lexer}, typed the way DevRig's mapper types parsed JSON. */
    static JsonNode number(String text) {
        if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
            BigInteger value = new BigInteger(text);
            if (value.bitLength() < 32) {
                return IntNode.valueOf(value.intValue());
            }
            return value.bitLength() < 64 ? LongNode.valueOf(value.longValue()) : BigIntegerNode.valueOf(value);
        }
        // exact, as the condition engine and DevRig's mapper read decimals: 0.10 is 0.10
        return DecimalNode.valueOf(new BigDecimal(text));
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
     * JSON equality ({@link JsonValues#equal}, DevRig's one: numbers by value, {@code 1}
     * equals {@code 1.0}, strings and booleans exactly, arrays element by element, objects
     * field by field in any order); here a missing value equals null; values of different
     * types are never equal.
     */
    static boolean equal(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull() || a.isMissingNode();
        boolean bNull = b == null || b.isNull() || b.isMissingNode();
        if (aNull || bNull) {
            return aNull && bNull;
        }
        try {
            return JsonValues.equal(a, b);
        } catch (IllegalArgumentException deep) {
            throw tooDeep();
        }
    }

    /**
     * Order of two numbers or two strings (by UTF-16 code unit), {@link JsonValues#compare};
     * null when they are not comparable (other types, mixed types, NaN).
     */
    static Integer compare(JsonNode a, JsonNode b) {
        OptionalInt order = JsonValues.compare(a, b);
        return order.isPresent() ? order.getAsInt() : null;
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
            case NUMBER -> out.value(numberText(n), escape);
            case BOOLEAN, BINARY -> out.value(n.asText(), escape);
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
        try {
            return JsonTrees.toTree(data);
        } catch (JsonTrees.NotJsonException e) {
            if (e.problem().startsWith("nested deeper")) {
                throw tooDeep();
            }
            throw notJsonData(e.getMessage());
        }
    }

    private static DevRigException notJsonData(String what) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "template data must be JSON "
                + "(a JsonNode, or Map, List, String, Number, Boolean and null): " + what);
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

    /**
     * A number as text for a person: exact decimals (the strict mapper reads them) without
     * exponent notation, so {@code 1e3} prints {@code 1000} and {@code 1.10} stays {@code 1.10};
     * an extreme exponent ({@code 1e400}) keeps its E notation rather than hundreds of zeros.
     * Inside rendered JSON numbers keep their JSON text.
     */
    static String numberText(JsonNode n) {
        if (n.isBigDecimal()) {
            java.math.BigDecimal d = n.decimalValue();
            return Math.abs(d.scale()) <= 100 ? d.toPlainString() : d.toString();
        }
        return n.asText();
    }
}
