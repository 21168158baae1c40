package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.devrig.api.condition.ConditionErrors;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;

/** Jackson in one place: strict reading, Java values ⇄ trees, short display. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            // a duplicated key would make one of two conditions silently win
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // literals keep their exact decimal value (0.1 is 0.1, big numbers keep every digit)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    /**
     * A value given as a JsonNode or JSON-compatible Java values, as a tree; null stays null.
     *
     * @param what names the value in the error ("the run context")
     */
    static JsonNode tree(Object value, String what) {
        if (value == null || value instanceof JsonNode) {
            return (JsonNode) value;
        }
        try {
            return MAPPER.valueToTree(value);
        } catch (IllegalArgumentException e) {
            // only the type: the message could quote the value
            throw new DevRigException(ConditionErrors.CONDITION_CONTEXT_INVALID, ErrorCategory.PERMANENT,
                    what + " is not JSON-compatible (" + value.getClass().getName() + ")");
        }
    }

    /** A tree as plain Java values (Map, List, String, Number, Boolean); null for null or absent. */
    static Object java(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return MAPPER.convertValue(node, Object.class);
    }

    /** Compact JSON text, cut to {@code max} characters. */
    static String show(JsonNode node, int max) {
        String text = node.toString();
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
