package io.devrig.common.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The one JSON equality and ordering, so that every place that compares values (template
 * helpers, conditions, filters) agrees by construction:
 * <ul>
 * <li>numbers by exact decimal value, whatever their Java type: {@code 1 == 1.0 == 1.00},
 * {@code 0.1} (a double) {@code == 0.1} (a BigDecimal), a 30-digit integer by every digit;
 * NaN equals nothing and has no order;</li>
 * <li>strings by their characters, ordered by UTF-16 code unit (ISO-8601 timestamps of one
 * format order in time);</li>
 * <li>booleans and null by value; arrays element by element in order; objects member by
 * member in any order;</li>
 * <li>values of different JSON types are never equal and have no order ({@code "5" != 5});
 * only two numbers or two strings have an order.</li>
 * </ul>
 * Only node types and scalar values are read: a POJO or binary node is never equal to
 * anything (its {@code equals} would be foreign code). Missing and absent values are the
 * caller's business: pass nodes that are there.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * Deep JSON equality as described above.
     *
     * @throws IllegalArgumentException when the values are nested deeper than
     *         {@link JsonTrees#MAX_DEPTH} (a cyclic tree)
     */
    public static boolean equal(JsonNode a, JsonNode b) {
        return equal(a, b, 0);
    }

    private static boolean equal(JsonNode a, JsonNode b, int depth) {
        if (depth > JsonTrees.MAX_DEPTH) {
            throw new IllegalArgumentException("values nested deeper than " + JsonTrees.MAX_DEPTH + " levels");
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
            case NULL:
                return true;
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
                return false; // binary, POJO, missing
        }
    }

    /**
     * The order of two numbers (by value) or two strings (by UTF-16 code unit) as -1, 0 or 1;
     * empty when the pair has no order (other or mixed types, NaN).
     */
    public static OptionalInt compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return OptionalInt.empty();
        }
        if (a.isNumber() && b.isNumber()) {
            Integer c = compareNumbers(a, b);
            return c == null ? OptionalInt.empty() : OptionalInt.of(Integer.signum(c));
        }
        if (a.isTextual() && b.isTextual()) {
            return OptionalInt.of(Integer.signum(a.textValue().compareTo(b.textValue())));
        }
        return OptionalInt.empty();
    }

    /** Whether the values have the same JSON type (string, number, boolean, null, object, array). */
    public static boolean sameType(JsonNode a, JsonNode b) {
        String k = JsonTrees.kind(a);
        return JsonTrees.isJson(a) && JsonTrees.isJson(b) && k.equals(JsonTrees.kind(b));
    }

    private static Integer compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber()) {
            return a.bigIntegerValue().compareTo(b.bigIntegerValue());
        }
        boolean aFloat = a.isDouble() || a.isFloat();
        boolean bFloat = b.isDouble() || b.isFloat();
        double da = aFloat ? a.doubleValue() : 0;
        double db = bFloat ? b.doubleValue() : 0;
        if (aFloat && Double.isNaN(da) || bFloat && Double.isNaN(db)) {
            return null;
        }
        boolean aInfinite = aFloat && Double.isInfinite(da);
        boolean bInfinite = bFloat && Double.isInfinite(db);
        if (aInfinite || bInfinite) {
            // an infinity is beyond every finite value, also a decimal too large for a double
            return aInfinite && bInfinite ? Double.compare(da, db) : aInfinite ? (da > 0 ? 1 : -1) : (db > 0 ? -1 : 1);
        }
        return decimal(a).compareTo(decimal(b));
    }

    /**
     * A number node as an exact decimal; a double or float by its shortest text, so the
     * double 0.1 is 0.1 and not 0.1000000000000000055….
     *
     * @throws IllegalArgumentException for a node that is not a finite number
     */
    public static BigDecimal decimal(JsonNode n) {
        if (n.isFloat()) {
            return decimal(Float.valueOf(n.floatValue()));
        }
        if (n.isDouble()) {
            return decimal(Double.valueOf(n.doubleValue()));
        }
        if (n.isBigDecimal()) {
            return n.decimalValue();
        }
        if (n.isIntegralNumber()) {
            return new BigDecimal(n.bigIntegerValue());
        }
        throw new IllegalArgumentException("not a number: " + JsonTrees.kind(n));
    }

    /**
     * A standard Java number as an exact decimal (doubles and floats by their shortest text).
     *
     * @throws IllegalArgumentException for NaN, infinities and non-standard Number types
     */
    public static BigDecimal decimal(Number n) {
        if (n instanceof BigDecimal bd) {
            return bd;
        } else if (n instanceof BigInteger bi) {
            return new BigDecimal(bi);
        } else if (n instanceof Double || n instanceof Float) {
            if (!Double.isFinite(n.doubleValue())) {
                throw new IllegalArgumentException("not a finite number: " + n);
            }
            return new BigDecimal(n.toString());
        } else if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            return BigDecimal.valueOf(n.longValue());
        }
        throw new IllegalArgumentException("not a standard number type: " + n.getClass().getName());
    }

    /**
     * A JSON-compatible value that is a whole number within the range of a long ({@code 3},
     * {@code 3.0}, {@code 3E2}), else null: a fraction, a string, NaN or any other value. The
     * one reading of "whole number" for configurations and trigger fields.
     */
    public static Long wholeNumber(Object value) {
        if (!(value instanceof Number n)) {
            return null;
        }
        try {
            return decimal(n).longValueExact();
        } catch (ArithmeticException | IllegalArgumentException e) {
            return null;
        }
    }
}
