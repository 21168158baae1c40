package io.devrig.queue.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.queue.AttemptError;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.time.DevRigClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code job_queue.error} column: a JSON array with one object per failed attempt,
 * oldest first, each a {@link DevRigError} plus the attempt number and worker:
 * {@code [{"attempt":1,"workerId":"w-1@x","code":"HTTP_TIMEOUT","category":"timeout",
 * "message":"...","details":{},"retryable":true,"timestamp":"2026-11-23T08:00:00.000Z"}]}.
 * The last element is the latest error, so readers that want only that can take it.
 *
 * <p>Reading is lenient: a single object (the seed's "last error" shape) is read as a
 * one-element history, and text that is not JSON becomes one {@code QUEUE_ERROR_UNREADABLE}
 * entry, so a dead job with a damaged column can still be listed, retried and discarded.
 */
final class ErrorHistory {

    private final ObjectMapper mapper;

    ErrorHistory(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The stored history with {@code entries} appended, as column text. */
    String append(String stored, AttemptError... entries) {
        ArrayNode array = mapper.createArrayNode();
        for (AttemptError e : read(stored)) {
            array.add(toNode(e));
        }
        for (AttemptError entry : entries) {
            array.add(toNode(entry));
        }
        try {
            return mapper.writeValueAsString(array);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the error history", e); // every node is plain JSON
        }
    }

    /** The history in the column, oldest first; empty for null. */
    List<AttemptError> read(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = mapper.readTree(stored);
        } catch (JsonProcessingException e) {
            return List.of(unreadable("the stored error is not JSON"));
        }
        List<AttemptError> out = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (JsonNode n : root) {
                out.add(fromNode(n));
            }
        } else if (root != null && root.isObject()) {
            out.add(fromNode(root));
        } else {
            out.add(unreadable("the stored error is neither a list nor an object"));
        }
        return out;
    }

    /**
     * How many entries at the end of {@code history} have {@code code}, e.g. the process
     * deaths since the job last ended an attempt some other way.
     */
    static int trailing(List<AttemptError> history, String code) {
        int n = 0;
        for (int i = history.size() - 1; i >= 0 && code.equals(history.get(i).error().code()); i--) {
            n++;
        }
        return n;
    }

    private ObjectNode toNode(AttemptError entry) {
        DevRigError e = entry.error();
        ObjectNode n = mapper.createObjectNode();
        n.put("attempt", entry.attempt());
        if (entry.workerId() != null) {
            n.put("workerId", entry.workerId());
        }
        n.put("code", e.code());
        n.put("category", e.category().wireName());
        n.put("message", e.message());
        JsonNode details;
        try {
            details = io.devrig.common.json.JsonTrees.toTree(e.details()); // never a getter of what a handler put there
        } catch (IllegalArgumentException notJson) {
            // details are meant to be JSON-compatible; keep the failure, drop what cannot be stored
            details = mapper.createObjectNode().put("unstorableDetails", notJson.getClass().getSimpleName());
        }
        n.set("details", details);
        n.put("retryable", e.retryable());
        if (e.nodeId() != null) {
            n.put("nodeId", e.nodeId());
        }
        if (e.runId() != null) {
            n.put("runId", e.runId());
        }
        n.put("timestamp", DevRigClock.format(e.timestamp()));
        return n;
    }

    @SuppressWarnings("unchecked")
    private AttemptError fromNode(JsonNode n) {
        if (!n.isObject()) {
            return unreadable("an error history entry is not an object");
        }
        try {
            ErrorCategory category = ErrorCategory.fromWireName(n.path("category").asText(null));
            Map<String, Object> details = n.has("details") && n.get("details").isObject()
                    ? mapper.convertValue(n.get("details"), LinkedHashMap.class) : Map.of();
            Instant at = n.hasNonNull("timestamp") ? DevRigClock.parse(n.get("timestamp").asText()) : Instant.EPOCH;
            DevRigError error = new DevRigError(n.path("code").asText(""), category, n.path("message").asText(""),
                    details, n.path("retryable").asBoolean(category.retryableByDefault()), text(n, "nodeId"),
                    text(n, "runId"), at);
            return new AttemptError(n.path("attempt").asInt(0), text(n, "workerId"), error);
        } catch (RuntimeException bad) {
            return unreadable("an error history entry is malformed");
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    private static AttemptError unreadable(String why) {
        return new AttemptError(0, null, new DevRigError(QueueErrors.QUEUE_ERROR_UNREADABLE, ErrorCategory.PERMANENT,
                why, Map.of(), false, null, null, Instant.EPOCH));
    }
}
