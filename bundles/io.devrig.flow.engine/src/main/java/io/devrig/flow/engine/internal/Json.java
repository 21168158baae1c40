package io.devrig.flow.engine.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.common.json.JsonTrees;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON text to and from the JSON-compatible Java values the engine passes around, with
 * DevRig's one strict mapper ({@link io.devrig.common.json.Json#MAPPER}) and
 * {@link JsonTrees} (never a getter of a plugin's object).
 */
final class Json {

    static final ObjectMapper MAPPER = io.devrig.common.json.Json.MAPPER;

    private Json() {
    }

    /**
     * JSON-shaped Java values as a tree.
     *
     * @param what names the value in the error ("the run input")
     * @throws DevRigException INVALID_INPUT naming the place that is not JSON (never its value)
     */
    static JsonNode tree(Object value, String what) {
        try {
            return JsonTrees.toTree(value);
        } catch (JsonTrees.NotJsonException e) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    what + " is not JSON: " + e.getMessage());
        }
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stored JSON (written by us) back to Java values. */
    static Object read(String json) {
        if (json == null) {
            return null;
        }
        try {
            return MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A run input from a user: null or blank is {@code {}}, anything else must be a JSON object.
     *
     * @throws DevRigException INVALID_INPUT naming what is wrong
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> inputObject(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "the run input is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "the run input must be a JSON object, got " + (node == null ? "nothing" : node.getNodeType()
                            .name().toLowerCase(java.util.Locale.ROOT)));
        }
        return (Map<String, Object>) JsonTrees.toJava(node);
    }

    static String error(DevRigError e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("code", e.code());
        o.put("category", e.category().wireName());
        o.put("message", e.message());
        o.put("retryable", e.retryable());
        if (!e.details().isEmpty()) {
            o.put("details", e.details());
        }
        if (e.nodeId() != null) {
            o.put("nodeId", e.nodeId());
        }
        if (e.runId() != null) {
            o.put("runId", e.runId());
        }
        o.put("timestamp", e.timestamp().toString());
        return write(o);
    }

    @SuppressWarnings("unchecked")
    static DevRigError parseError(String json) {
        if (json == null) {
            return null;
        }
        Map<String, Object> o = (Map<String, Object>) read(json);
        Object details = o.get("details");
        return new DevRigError((String) o.get("code"), ErrorCategory.fromWireName((String) o.get("category")),
                (String) o.get("message"), details instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of(),
                Boolean.TRUE.equals(o.get("retryable")), (String) o.get("nodeId"), (String) o.get("runId"),
                o.get("timestamp") instanceof String t ? Instant.parse(t) : Instant.EPOCH);
    }

    static List<String> problems(DevRigException e) {
        Object p = e.error().details().get("problems");
        if (p instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return List.of(e.error().message());
    }
}
