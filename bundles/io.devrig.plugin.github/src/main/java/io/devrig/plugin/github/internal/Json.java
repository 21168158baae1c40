package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.common.json.JsonTrees;
import java.util.Map;

/** DevRig's one strict ObjectMapper ({@link io.devrig.common.json.Json#MAPPER}) and small JSON helpers. */
final class Json {

    static final ObjectMapper MAPPER = io.devrig.common.json.Json.MAPPER;

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A text field, or null when missing, null or not text. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** A JSON tree as plain Java values (maps, lists, strings, numbers, booleans). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(JsonNode node) {
        return (Map<String, Object>) JsonTrees.toJava(node);
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
