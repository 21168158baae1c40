package io.devrig.flow.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds workflow definitions for tests, as the JSON a user would import. */
final class Wf {

    private final Map<String, Object> root = new LinkedHashMap<>();
    private final List<Object> nodes = new ArrayList<>();
    private final List<Object> edges = new ArrayList<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();

    private Wf(String id) {
        root.put("schemaVersion", 2);
        root.put("id", id);
        root.put("version", 1);
        root.put("name", "test " + id);
        settings.put("maxConcurrentRuns", 10);
        settings.put("timeoutMs", 60_000);
        settings.put("retryPolicy", retry(1, 10));
        settings.put("errorHandling", "stop");
        settings.put("executionMode", "sequential");
    }

    static Wf of(String id) {
        return new Wf(id);
    }

    static Map<String, Object> retry(int attempts, long delayMs) {
        return Map.of("maxAttempts", attempts, "strategy", "exponential", "baseDelayMs", delayMs, "jitter", false,
                "maxDelayMs", Math.max(delayMs, 10_000));
    }

    Wf action(String id, String type, Map<String, Object> config) {
        return node(id, "action", type, config, null);
    }

    Wf action(String id, String type, Map<String, Object> config, Map<String, Object> extra) {
        Map<String, Object> n = node(id, "action", type, config);
        n.putAll(extra);
        nodes.add(n);
        return this;
    }

    Wf condition(String id, Object condition) {
        return node(id, "condition", null, Map.of(), condition);
    }

    Wf junction(String id) {
        return node(id, "junction", null, Map.of(), null);
    }

    private Wf node(String id, String type, String actionType, Map<String, Object> config, Object condition) {
        Map<String, Object> n = node(id, type, actionType, config);
        if (condition != null) {
            n.put("condition", condition);
        }
        nodes.add(n);
        return this;
    }

    private static Map<String, Object> node(String id, String type, String actionType, Map<String, Object> config) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", id);
        n.put("type", type);
        if (actionType != null) {
            n.put("actionType", actionType);
        }
        n.put("config", config);
        n.put("position", Map.of("x", 0, "y", 0));
        return n;
    }

    Wf edge(String source, String target) {
        return edge(source, target, null, null);
    }

    Wf edge(String source, String target, String sourceHandle, Object condition) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", source + "->" + target);
        e.put("source", source);
        e.put("target", target);
        if (sourceHandle != null) {
            e.put("sourceHandle", sourceHandle);
        }
        if (condition != null) {
            e.put("condition", condition);
        }
        edges.add(e);
        return this;
    }

    Wf set(String setting, Object value) {
        settings.put(setting, value);
        return this;
    }

    Wf top(String field, Object value) {
        root.put(field, value);
        return this;
    }

    String json() {
        Map<String, Object> r = new LinkedHashMap<>(root);
        r.put("nodes", nodes);
        r.put("edges", edges);
        r.put("settings", settings);
        return Json.write(r);
    }
}
