package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.json.JsonValues;
import java.util.OptionalInt;

/**
 * The strict typing rules. Values are JSON trees; null (the Java reference) is an
 * absent value, and every comparison with an absent value is false. Equality and order
 * are DevRig's one JSON equality and ordering ({@link JsonValues}: numbers by exact
 * value, {@code 1 == 1.0}); two values of different JSON types are neither equal nor
 * unequal, so {@code "5"} is neither equal nor unequal to {@code 5}.
 */
final class Values {

    private Values() {
    }

    /** The JSON kind's name for messages ("string", "number", ...; "absent" for null). */
    static String kindName(JsonNode node) {
        return node == null ? "absent" : JsonTrees.kind(node);
    }

    static boolean compare(CompareOp op, JsonNode left, JsonNode right) {
        if (left == null || right == null) {
            return false; // absent: every comparison is false, neq included
        }
        return switch (op) {
            case EQ -> sameKind(left, right) && JsonValues.equal(left, right);
            case NEQ -> sameKind(left, right) && !JsonValues.equal(left, right);
            case GT, GTE, LT, LTE -> ordered(op, JsonValues.compare(left, right));
            case CONTAINS -> contains(left, right);
            case STARTS_WITH -> left.isTextual() && right.isTextual() && left.textValue().startsWith(right.textValue());
            case ENDS_WITH -> left.isTextual() && right.isTextual() && left.textValue().endsWith(right.textValue());
        };
    }

    private static boolean ordered(CompareOp op, OptionalInt order) {
        if (order.isEmpty()) {
            return false;
        }
        int o = order.getAsInt();
        return switch (op) {
            case GT -> o > 0;
            case GTE -> o >= 0;
            case LT -> o < 0;
            default -> o <= 0;
        };
    }

    static boolean sameKind(JsonNode a, JsonNode b) {
        return JsonValues.sameType(a, b);
    }

    static boolean equal(JsonNode a, JsonNode b) {
        return JsonValues.equal(a, b);
    }

    /** A string contains a substring; an array contains an element equal to the value. */
    static boolean contains(JsonNode container, JsonNode item) {
        if (container.isTextual()) {
            return item.isTextual() && container.textValue().contains(item.textValue());
        }
        if (container.isArray()) {
            for (JsonNode element : container) {
                if (JsonValues.equal(element, item)) {
                    return true;
                }
            }
        }
        return false;
    }
}
