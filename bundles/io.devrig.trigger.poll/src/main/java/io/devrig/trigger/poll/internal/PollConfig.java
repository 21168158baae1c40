package io.devrig.trigger.poll.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.trigger.TriggerType;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.json.JsonValues;
import io.devrig.common.path.DataPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A polling trigger's fields, read and checked (seed §6.2.4). Problems are added to a list,
 * each starting with its JSON path ({@code $.trigger.intervalMs: ...}).
 *
 * @param source what one poll calls
 * @param fingerprint SHA-256 of the source and deduplication settings: saved with the state, so
 *        a new version that polls something else starts again from a first poll
 */
record PollConfig(long intervalMs, Source source, Dedup dedup, String fingerprint) {

    static final long MIN_INTERVAL_MS = 5_000;
    static final long MAX_INTERVAL_MS = 7L * 24 * 3600 * 1000;
    static final String HTTP_REQUEST = "http.request";

    private static final String PATH = "$.trigger.";
    private static final Set<String> FIELDS = Set.of("intervalMs", "source", "deduplication",
            // read by the trigger manager, not by this type
            TriggerType.DEDUPLICATION_WINDOW_FIELD, "inputSchema");
    /** The http source's fields: http.request's (it sends the request), with the method limited to GET and POST. */
    private static final Set<String> HTTP_FIELDS = Set.of("type", "url", "urlSecret", "method", "headers", "query",
            "body", "auth", "timeoutMs", "maxResponseBytes", "followRedirects");
    private static final Set<String> PLUGIN_FIELDS = Set.of("type", "actionType", "input");
    private static final Set<String> DEDUP_FIELDS = Set.of("strategy", "field", "items");

    /** What a poll calls: one action, through the registry. */
    sealed interface Source permits HttpSource, PluginSource {

        /** The action type called. */
        String actionType();

        /** The action's input, as literal values. */
        Map<String, Object> input();

        /** What the payload's {@code source} says (names of secrets only, never values). */
        Map<String, Object> describe();
    }

    /** {@code {type: "http", ...}}: one {@code http.request}, so the SSRF policy, vault auth and masking are that action's. */
    record HttpSource(Map<String, Object> input) implements Source {

        @Override
        public String actionType() {
            return HTTP_REQUEST;
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", "http");
            d.put("method", input.get("method"));
            if (input.containsKey("url")) {
                d.put("url", input.get("url"));
            } else {
                d.put("urlSecret", input.get("urlSecret"));
            }
            return d;
        }
    }

    /** {@code {type: "plugin", actionType, input}}: an action that declares no side effects. */
    record PluginSource(String actionType, Map<String, Object> input) implements Source {

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", "plugin");
            d.put("actionType", actionType);
            return d;
        }
    }

    enum Strategy { HASH, FIELD, TIMESTAMP }

    /**
     * @param field for field: the value compared; for timestamp: the ISO-8601 time of an item
     * @param items for timestamp: where the array of items is (null: the data itself, an array or one item)
     */
    record Dedup(Strategy strategy, DataPath field, DataPath items) {
    }

    /** Reads the fields; null when there is a problem. {@code registry} checks the source's action (null: not checked). */
    static PollConfig read(Map<String, Object> config, long minIntervalMs, ActionRegistry registry,
            List<String> problems) {
        int before = problems.size();
        Map<String, Object> c = config == null ? Map.of() : config;
        for (String field : c.keySet()) {
            if (field.equals("maxRetries")) {
                problems.add(PATH + "maxRetries: not supported: a failed poll is retried at the next interval, with"
                        + " the interval doubled after each failure in a row (up to 10 times); see the README");
            } else if (!FIELDS.contains(field) && !"type".equals(field)) {
                problems.add(PATH + field + ": unknown field of a polling trigger (known: intervalMs, source,"
                        + " deduplication)");
            }
        }
        long interval = 0;
        Object i = c.get("intervalMs");
        Long n = i == null ? null : JsonValues.wholeNumber(i);
        if (n == null || n < minIntervalMs || n > MAX_INTERVAL_MS) {
            problems.add(PATH + "intervalMs: " + (i == null ? "required" : "must be")
                    + " a whole number of milliseconds from " + minIntervalMs + " to " + MAX_INTERVAL_MS
                    + (i == null ? "" : ", got " + describe(i)));
        } else {
            interval = n;
        }
        Source source = source(c.get("source"), registry, problems);
        Dedup dedup = dedup(c.get("deduplication"), problems);
        if (problems.size() > before) {
            return null;
        }
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("source", c.get("source"));
        identity.put("deduplication", c.get("deduplication"));
        return new PollConfig(interval, source, dedup, sha256(Json.writeSorted(identity)));
    }

    private static Source source(Object value, ActionRegistry registry, List<String> problems) {
        String at = PATH + "source";
        if (!(value instanceof Map<?, ?> raw)) {
            problems.add(at + ": " + (value == null ? "required" : "must be an object") + ": {\"type\": \"http\","
                    + " \"url\": ...} or {\"type\": \"plugin\", \"actionType\": ..., \"input\": {...}}");
            return null;
        }
        Map<String, Object> s = strings(raw);
        Object type = s.get("type");
        if ("http".equals(type)) {
            return http(s, at, registry, problems);
        }
        if ("plugin".equals(type)) {
            return plugin(s, at, registry, problems);
        }
        problems.add(at + ".type: must be \"http\" or \"plugin\", got " + describe(type));
        return null;
    }

    private static Source http(Map<String, Object> s, String at, ActionRegistry registry, List<String> problems) {
        int before = problems.size();
        unknown(s, HTTP_FIELDS, at, problems);
        Map<String, Object> input = new LinkedHashMap<>(s);
        input.remove("type");
        Object method = input.getOrDefault("method", "GET");
        if (!"GET".equals(method) && !"POST".equals(method)) {
            problems.add(at + ".method: must be \"GET\" or \"POST\", got " + describe(method));
        }
        input.put("method", method);
        if (input.containsKey("body")) {
            Object body = input.get("body");
            if (!"POST".equals(method)) {
                problems.add(at + ".body: only a POST sends a body");
            } else if (body instanceof String) {
                input.put("body", Map.of("text", body));
            } else {
                input.put("body", Map.of("json", body)); // http.request's JSON body
            }
        }
        if (registry != null && problems.size() == before) {
            if (!registry.has(HTTP_REQUEST)) {
                problems.add(at + ".type: the http.request action (bundle io.devrig.action.http) is not installed");
            } else {
                List<String> found = registry.validateConfig(HTTP_REQUEST, input);
                if (found.isEmpty()) {
                    found = preview(registry, new HttpSource(input));
                }
                for (String p : found) {
                    // http.request's paths ($.url, $.body.json.x) as the source's fields
                    problems.add(at + p.replaceFirst("^\\$\\.body\\.(json|text)", "\\$.body").substring(1));
                }
            }
        }
        return problems.size() > before ? null : new HttpSource(input);
    }

    private static Source plugin(Map<String, Object> s, String at, ActionRegistry registry, List<String> problems) {
        int before = problems.size();
        unknown(s, PLUGIN_FIELDS, at, problems);
        Object type = s.get("actionType");
        if (!(type instanceof String actionType) || actionType.isBlank()) {
            problems.add(at + ".actionType: required: the type of an action without side effects, e.g. \"github.issues.list\"");
            return null;
        }
        Object in = s.getOrDefault("input", Map.of());
        if (!(in instanceof Map<?, ?> inMap)) {
            problems.add(at + ".input: must be an object, got " + describe(in));
            return null;
        }
        Map<String, Object> input = strings(inMap);
        if (registry != null) {
            String refused = refusal(registry, actionType);
            if (refused != null) {
                problems.add(at + ".actionType: " + refused);
            } else {
                for (String p : registry.validateConfig(actionType, input)) {
                    problems.add(at + ".input" + p.substring(1));
                }
            }
        }
        return problems.size() > before ? null : new PluginSource(actionType, input);
    }

    /**
     * What the schema does not say (a credential header, auth fields that do not go together, a
     * URL that is not absolute): http.request's own input checks, run as a dry-run preview that
     * sends nothing and reads no secret. Only while http.request declares side effects, so that a
     * dry-run can only ever preview it.
     */
    private static List<String> preview(ActionRegistry registry, HttpSource source) {
        if (!registry.descriptor(HTTP_REQUEST).map(ActionDescriptor::sideEffects).orElse(false)) {
            return List.of();
        }
        ActionOutcome outcome = registry.execute(new PollCall(null, "validate", true, () -> false).invocation(source));
        if (outcome.succeeded() || !ErrorCodes.INVALID_INPUT.equals(outcome.error().code())) {
            return List.of();
        }
        String message = outcome.error().message();
        return List.of(message.startsWith("$") ? message : "$: " + message);
    }

    /**
     * Why {@code actionType} may not be polled, or null: it must be installed and declare no side
     * effects ({@link ActionDescriptor#sideEffects()}), because a poll calls it every interval.
     */
    static String refusal(ActionRegistry registry, String actionType) {
        Optional<ActionDescriptor> d = registry.descriptor(actionType);
        if (d.isEmpty()) {
            return "no action '" + actionType + "' is installed";
        }
        if (d.get().sideEffects()) {
            return "action '" + actionType + "' declares side effects; a poll calls its action every interval, so"
                    + " only actions without side effects (sideEffects: false) can be polled";
        }
        return null;
    }

    private static Dedup dedup(Object value, List<String> problems) {
        String at = PATH + "deduplication";
        if (value == null) {
            return new Dedup(Strategy.HASH, null, null);
        }
        if (!(value instanceof Map<?, ?> raw)) {
            problems.add(at + ": must be an object such as {\"strategy\": \"hash\"}, got " + describe(value));
            return null;
        }
        Map<String, Object> d = strings(raw);
        unknown(d, DEDUP_FIELDS, at, problems);
        Object s = d.getOrDefault("strategy", "hash");
        Strategy strategy = switch (String.valueOf(s)) {
            case "hash" -> Strategy.HASH;
            case "field" -> Strategy.FIELD;
            case "timestamp" -> Strategy.TIMESTAMP;
            default -> null;
        };
        if (strategy == null || !(s instanceof String)) {
            problems.add(at + ".strategy: must be \"hash\", \"field\" or \"timestamp\", got " + describe(s));
            return null;
        }
        DataPath field = path(d, "field", at, strategy != Strategy.HASH, problems);
        DataPath items = path(d, "items", at, false, problems);
        if (strategy == Strategy.HASH && d.containsKey("field")) {
            problems.add(at + ".field: the hash strategy compares the whole response; use \"field\" to compare one value");
        }
        if (strategy != Strategy.TIMESTAMP && d.containsKey("items")) {
            problems.add(at + ".items: only the timestamp strategy reads items");
        }
        return new Dedup(strategy, field, items);
    }

    private static DataPath path(Map<String, Object> d, String key, String at, boolean required, List<String> problems) {
        Object v = d.get(key);
        if (v == null) {
            if (required) {
                problems.add(at + "." + key + ": required for this strategy: a data path such as \"data.version\"");
            }
            return null;
        }
        if (!(v instanceof String text) || text.isBlank()) {
            problems.add(at + "." + key + ": must be a data path such as \"data.version\", got " + describe(v));
            return null;
        }
        try {
            return DataPath.parse(text);
        } catch (DataPath.SyntaxException e) {
            problems.add(at + "." + key + ": " + e.getMessage());
            return null;
        }
    }

    private static void unknown(Map<String, Object> map, Set<String> known, String at, List<String> problems) {
        for (String k : map.keySet()) {
            if (!known.contains(k)) {
                problems.add(at + "." + k + ": unknown field (known: " + String.join(", ", known.stream().sorted().toList())
                        + ")");
            }
        }
    }

    private static Map<String, Object> strings(Map<?, ?> raw) {
        Map<String, Object> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String describe(Object value) {
        return value == null ? "null" : JsonTrees.type(value) + (value instanceof String s ? " \"" + s + "\"" : " " + value);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
