package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * The strict typing rules. Values are JSON trees; null (the Java reference) is an
 * absent value. Two values are comparable only when they have the same JSON kind
 * (string, number, boolean, null, object, array); any other pair compares false,
 * whatever the operator, so {@code "5"} is neither equal nor unequal to {@code 5}.
 */
final class Values {

    enum Kind {
        STRING, NUMBER, BOOLEAN, NULL, OBJECT, ARRAY, OTHER
    }

    private Values() {
    }

    static Kind kind(JsonNode node) {
        if (node.isTextual()) {
            return Kind.STRING;
        }
        if (node.isNumber()) {
            return Kind.NUMBER;
        }
        if (node.isBoolean()) {
            return Kind.BOOLEAN;
        }
        if (node.isNull()) {
            return Kind.NULL;
        }
        if (node.isObject()) {
            return Kind.OBJECT;
        }
        if (node.isArray()) {
            return Kind.ARRAY;
        }
        return Kind.OTHER; // binary or POJO nodes: never equal to anything
    }

    /** The JSON kind's name for messages ("string", "number", ...). */
    static String kindName(JsonNode node) {
        return node == null ? "absent" : kind(node).name().toLowerCase(java.util.Locale.ROOT);
    }

    static boolean compare(CompareOp op, JsonNode left, JsonNode right) {
        if (left == null || right == null) {
            return false; // absent: every comparison is false, neq included
        }
        return switch (op) {
            case EQ -> sameKind(left, right) && equal(left, right);
            case NEQ -> sameKind(left, right) && !equal(left, right);
            case GT, GTE, LT, LTE -> ordered(op, order(left, right));
            case CONTAINS -> contains(left, right);
            case STARTS_WITH -> left.isTextual() && right.isTextual() && left.textValue().startsWith(right.textValue());
            case ENDS_WITH -> left.isTextual() && right.isTextual() && left.textValue().endsWith(right.textValue());
        };
    }

    private static boolean ordered(CompareOp op, int order) {
        if (order == UNORDERED) {
            return false;
        }
        return switch (op) {
            case GT -> order > 0;
            case GTE -> order >= 0;
            case LT -> order < 0;
            default -> order <= 0;
        };
    }

    /** Order of two values that have none (different kinds, booleans, objects, NaN). */
    static final int UNORDERED = Integer.MAX_VALUE;

    /** Numbers by value, strings by UTF-16 code units (so ISO-8601 timestamps of one format order in time). */
    static int order(JsonNode left, JsonNode right) {
        if (left.isNumber() && right.isNumber()) {
            Integer c = compareNumbers(left, right);
            return c == null ? UNORDERED : Integer.signum(c);
        }
        if (left.isTextual() && right.isTextual()) {
            return Integer.signum(left.textValue().compareTo(right.textValue()));
        }
        return UNORDERED;
    }

    static boolean sameKind(JsonNode a, JsonNode b) {
        Kind k = kind(a);
        return k != Kind.OTHER && k == kind(b);
    }

    /** Deep equality of two values of any kind; numbers by value (5 equals 5.0), no coercion. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (!sameKind(a, b)) {
            return false;
        }
        switch (kind(a)) {
            case NUMBER:
                Integer c = compareNumbers(a, b);
                return c != null && c == 0;
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
                    if (!equal(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            case OBJECT:
                if (a.size() != b.size()) {
                    return false;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode other = b.get(e.getKey());
                    if (other == null || !equal(e.getValue(), other)) {
                        return false;
                    }
                }
                return true;
            default:
                return false;
        }
    }

    /** A string contains a substring; an array contains an element equal to the value. */
    static boolean contains(JsonNode container, JsonNode item) {
        if (container.isTextual()) {
            return item.isTextual() && container.textValue().contains(item.textValue());
        }
        if (container.isArray()) {
            for (JsonNode element : container) {
                if (equal(element, item)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Numeric comparison; null when either side is NaN (unordered, never equal). */
    private static Integer compareNumbers(JsonNode a, JsonNode b) {
        if (nonFinite(a) || nonFinite(b)) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return Double.isNaN(x) || Double.isNaN(y) ? null : Double.compare(x, y);
        }
        BigDecimal x = a.decimalValue();
        BigDecimal y = b.decimalValue();
        return x.compareTo(y);
    }

    private static boolean nonFinite(JsonNode n) {
        return (n.isDouble() || n.isFloat()) && !Double.isFinite(n.doubleValue());
    }
}
