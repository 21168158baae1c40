package io.devrig.flow.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionMetrics;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * An action registry for tests: real descriptors whose input schemas are checked for
 * {@code required} properties and property {@code type}s (enough to test how the
 * repository re-roots config problems), and per-type config migrations. Types can be
 * added and removed while a test runs, as plugins come and go.
 */
final class TestActions implements ActionRegistry {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String HTTP_SCHEMA = """
            {"type": "object", "required": ["url"],
             "properties": {"url": {"type": "string"}, "method": {"type": "string"},
                            "timeoutMs": {"type": "integer"}}}""";
    static final String FORMAT_SCHEMA = """
            {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}}""";
    static final String FORMAT_SCHEMA_V1 = """
            {"type": "object", "required": ["template"], "properties": {"template": {"type": "string"}}}""";

    private final Map<String, ActionDescriptor> descriptors = new ConcurrentHashMap<>();
    /** type → (from version → step to from + 1) */
    private final Map<String, Map<Integer, UnaryOperator<Map<String, Object>>>> steps = new ConcurrentHashMap<>();
    final List<String> migrateCalls = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** http.request (config version 1) and text.format (config version 1, key {@code template}). */
    static TestActions standard() {
        TestActions a = new TestActions();
        a.add(ActionDescriptor.of("http.request", "HTTP request", "Calls a URL", HTTP_SCHEMA, null)
                .withSideEffects(true));
        a.add(ActionDescriptor.of("text.format", "Format text", "Renders text", FORMAT_SCHEMA_V1, null));
        return a;
    }

    /** text.format moves to config version 2: {@code template} is renamed {@code text}. */
    void upgradeTextFormat() {
        add(new ActionDescriptor("text.format", "Format text", "Renders text", null, FORMAT_SCHEMA, null, false, 2));
        step("text.format", 1, config -> {
            Map<String, Object> out = new LinkedHashMap<>();
            config.forEach((k, v) -> out.put(k.equals("template") ? "text" : k, v));
            return out;
        });
    }

    void add(ActionDescriptor d) {
        descriptors.put(d.type(), d);
    }

    void remove(String type) {
        descriptors.remove(type);
    }

    void step(String type, int from, UnaryOperator<Map<String, Object>> step) {
        steps.computeIfAbsent(type, k -> new ConcurrentHashMap<>()).put(from, step);
    }

    @Override
    public List<ActionDescriptor> list() {
        return List.copyOf(descriptors.values());
    }

    @Override
    public List<ActionDescriptor> listByCategory(String category) {
        return descriptors.values().stream().filter(d -> d.category().equals(category)).toList();
    }

    @Override
    public Optional<ActionDescriptor> descriptor(String type) {
        return Optional.ofNullable(descriptors.get(type));
    }

    @Override
    public Optional<String> pluginId(String type) {
        return Optional.empty();
    }

    @Override
    public List<String> validateConfig(String type, Map<String, Object> config) {
        ActionDescriptor d = descriptors.get(type);
        if (d == null || d.inputSchema() == null) {
            return List.of();
        }
        JsonNode schema;
        try {
            schema = JSON.readTree(d.inputSchema());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        List<String> problems = new ArrayList<>();
        for (JsonNode r : schema.path("required")) {
            if (!config.containsKey(r.asText())) {
                problems.add("$: missing required property '" + r.asText() + "'");
            }
        }
        schema.path("properties").fields().forEachRemaining(p -> {
            Object value = config.get(p.getKey());
            if (value == null || value instanceof String s && s.contains("{{")) {
                return; // absent, or a template known only at run time
            }
            String want = p.getValue().path("type").asText();
            boolean ok = switch (want) {
                case "string" -> value instanceof String;
                case "integer" -> value instanceof Integer || value instanceof Long;
                default -> true;
            };
            if (!ok) {
                problems.add("$." + p.getKey() + ": must be a " + want + ", got " + value.getClass().getSimpleName());
            }
        });
        return problems;
    }

    @Override
    public Map<String, Object> migrateConfig(String type, int fromVersion, Map<String, Object> config) {
        ActionDescriptor d = descriptors.get(type);
        if (d == null) {
            return config;
        }
        migrateCalls.add(type + "@" + fromVersion);
        Map<String, Object> c = config;
        for (int v = fromVersion; v < d.configVersion(); v++) {
            UnaryOperator<Map<String, Object>> step = steps.getOrDefault(type, Map.of()).get(v);
            if (step == null) {
                throw new IllegalStateException("no config migration of " + type + " from " + v);
            }
            c = step.apply(c);
        }
        return c;
    }

    @Override
    public ActionOutcome execute(ActionInvocation invocation) {
        throw new UnsupportedOperationException("not used by the repository");
    }

    @Override
    public Object resolve(Map<String, Object> config, Map<String, Object> data) {
        throw new UnsupportedOperationException("not used by the repository");
    }

    @Override
    public List<ActionMetrics> metrics() {
        return List.of();
    }
}
