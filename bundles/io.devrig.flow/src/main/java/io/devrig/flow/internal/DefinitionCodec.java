package io.devrig.flow.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.ErrorHandling;
import io.devrig.api.flow.ExecutionMode;
import io.devrig.api.flow.NodeHandle;
import io.devrig.api.flow.NodeType;
import io.devrig.api.flow.Position;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.flow.Size;
import io.devrig.api.flow.Viewport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowEdge;
import io.devrig.api.flow.WorkflowNode;
import io.devrig.api.flow.WorkflowSettings;
import io.devrig.api.flow.WorkflowTrigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes workflow definitions as JSON. Reading migrates an older schema version
 * through {@link Migrations} first, then is strict: unknown fields, missing required
 * fields, wrong types, unknown enum values and duplicate node or edge ids are all
 * reported together, each with its JSON path. Range checks of values (settings, retry
 * policies) are the {@link DefinitionValidator}'s, so that a stored definition that has
 * become invalid can still be read and repaired.
 *
 * <p>Editor data round-trips: {@code position}, {@code size}, {@code label},
 * {@code handles}, {@code sourceHandle}/{@code targetHandle} and {@code viewport} are
 * modelled; anything else the editor stores goes under an {@code editor} object (of the
 * workflow, a node or an edge), kept verbatim. Numbers that are whole are written
 * without a fraction ({@code 100.0} comes back as {@code 100}).
 */
public final class DefinitionCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final int MAX_PROBLEMS_IN_MESSAGE = 10;

    static final Set<String> TOP = Set.of("schemaVersion", "id", "version", "name", "description", "trigger",
            "entryConditions", "nodes", "edges", "settings", "metadata", "createdAt", "updatedAt", "viewport", "editor");
    static final Set<String> NODE = Set.of("id", "type", "actionType", "pluginId", "config", "condition",
            "retryPolicy", "timeoutMs", "position", "size", "label", "handles", "editor", "configVersion");
    static final Set<String> EDGE = Set.of("id", "source", "target", "sourceHandle", "targetHandle", "condition",
            "label", "editor");
    static final Set<String> SETTINGS = Set.of("maxConcurrentRuns", "timeoutMs", "retryPolicy", "errorHandling",
            "executionMode");
    static final Set<String> RETRY = Set.of("maxAttempts", "strategy", "baseDelayMs", "maxDelayMs", "jitter", "retryOn");

    private final List<DefinitionMigration> chain;

    public DefinitionCodec() {
        this(Migrations.CHAIN);
    }

    /** With another migration chain (tests); index i must hold the step from version i. */
    DefinitionCodec(List<DefinitionMigration> chain) {
        this.chain = List.copyOf(chain);
    }

    /**
     * Reads {@code json}.
     *
     * @throws DevRigException {@code INVALID_INPUT}, all problems under details {@code problems}
     */
    public WorkflowDefinition parse(String json) {
        JsonNode root;
        try {
            root = json == null ? null : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid(List.of("not valid JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()));
        }
        if (!(root instanceof ObjectNode obj)) {
            throw invalid(List.of("$: must be a JSON object"));
        }
        List<String> problems = new ArrayList<>();
        Migrations.apply(obj, chain, problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        WorkflowDefinition def = new Reader(problems).definition(obj);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return def;
    }

    /** Writes {@code def} as JSON text (schema version {@link WorkflowDefinition#SCHEMA_VERSION}). */
    public String toJson(WorkflowDefinition def) {
        return tree(def).toString();
    }

    /** {@code def} as a JSON tree. */
    public ObjectNode tree(WorkflowDefinition def) {
        ObjectNode o = JSON.createObjectNode();
        o.put("schemaVersion", WorkflowDefinition.SCHEMA_VERSION);
        o.put("id", def.id());
        o.put("version", def.version());
        o.put("name", def.name());
        putText(o, "description", def.description());
        if (!def.trigger().isDefault()) {
            ObjectNode t = o.putObject("trigger");
            t.put("type", def.trigger().type());
            t.setAll((ObjectNode) JSON.valueToTree(def.trigger().config()));
        }
        if (!def.entryConditions().isEmpty()) {
            o.set("entryConditions", JSON.valueToTree(def.entryConditions()));
        }
        ArrayNode nodes = o.putArray("nodes");
        for (WorkflowNode n : def.nodes()) {
            nodes.add(node(n));
        }
        ArrayNode edges = o.putArray("edges");
        for (WorkflowEdge e : def.edges()) {
            edges.add(edge(e));
        }
        o.set("settings", settings(def.settings()));
        if (!def.metadata().isEmpty()) {
            o.set("metadata", JSON.valueToTree(def.metadata()));
        }
        putText(o, "createdAt", def.createdAt());
        putText(o, "updatedAt", def.updatedAt());
        if (def.viewport() != null) {
            ObjectNode v = o.putObject("viewport");
            putNumber(v, "x", def.viewport().x());
            putNumber(v, "y", def.viewport().y());
            putNumber(v, "zoom", def.viewport().zoom());
        }
        putEditor(o, def.editor());
        return o;
    }

    private static ObjectNode node(WorkflowNode n) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", n.id());
        o.put("type", n.type().json());
        putText(o, "actionType", n.actionType());
        putText(o, "pluginId", n.pluginId());
        o.set("config", JSON.valueToTree(n.config()));
        if (n.condition() != null) {
            o.set("condition", JSON.valueToTree(n.condition()));
        }
        if (n.retryPolicy() != null) {
            o.set("retryPolicy", retry(n.retryPolicy()));
        }
        if (n.timeoutMs() != null) {
            o.put("timeoutMs", n.timeoutMs());
        }
        if (n.configVersion() != 1) {
            o.put("configVersion", n.configVersion());
        }
        ObjectNode p = o.putObject("position");
        putNumber(p, "x", n.position().x());
        putNumber(p, "y", n.position().y());
        if (n.size() != null) {
            ObjectNode s = o.putObject("size");
            putNumber(s, "width", n.size().width());
            putNumber(s, "height", n.size().height());
        }
        putText(o, "label", n.label());
        if (!n.handles().isEmpty()) {
            ArrayNode hs = o.putArray("handles");
            for (NodeHandle h : n.handles()) {
                ObjectNode ho = hs.addObject();
                ho.put("id", h.id());
                putText(ho, "side", h.side());
            }
        }
        putEditor(o, n.editor());
        return o;
    }

    private static ObjectNode edge(WorkflowEdge e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.id());
        o.put("source", e.source());
        o.put("target", e.target());
        putText(o, "sourceHandle", e.sourceHandle());
        putText(o, "targetHandle", e.targetHandle());
        if (e.condition() != null) {
            o.set("condition", JSON.valueToTree(e.condition()));
        }
        putText(o, "label", e.label());
        putEditor(o, e.editor());
        return o;
    }

    private static ObjectNode settings(WorkflowSettings s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("maxConcurrentRuns", s.maxConcurrentRuns());
        o.put("timeoutMs", s.timeoutMs());
        o.set("retryPolicy", retry(s.retryPolicy()));
        o.put("errorHandling", s.errorHandling().json());
        o.put("executionMode", s.executionMode().json());
        return o;
    }

    private static ObjectNode retry(RetryPolicy r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("maxAttempts", r.maxAttempts());
        o.put("strategy", r.strategy().wireName());
        o.put("baseDelayMs", r.baseDelayMs());
        o.put("maxDelayMs", r.maxDelayMs());
        o.put("jitter", r.jitter());
        ArrayNode on = o.putArray("retryOn");
        r.retryOn().forEach(c -> on.add(c.wireName()));
        return o;
    }

    private static void putText(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static void putNumber(ObjectNode o, String field, double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            o.put(field, (long) value);
        } else {
            o.put(field, value);
        }
    }

    private static void putEditor(ObjectNode o, String editor) {
        if (editor == null) {
            return;
        }
        try {
            o.set("editor", JSON.readTree(editor));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("editor data is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static DevRigException invalid(List<String> problems) {
        List<String> shown = problems.size() <= MAX_PROBLEMS_IN_MESSAGE ? problems
                : problems.subList(0, MAX_PROBLEMS_IN_MESSAGE);
        String message = "invalid workflow definition: " + problems.size()
                + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", shown)
                + (shown.size() < problems.size() ? "; …" : "");
        return new DevRigException(new DevRigError(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message,
                Map.of("problems", List.copyOf(problems)), false, null, null, Instant.now()));
    }

    /** One strict read, collecting problems. */
    private static final class Reader {

        private final List<String> problems;

        Reader(List<String> problems) {
            this.problems = problems;
        }

        WorkflowDefinition definition(ObjectNode root) {
            unknownFields(root, "$", TOP);
            String id = text(root, "$", "id", true);
            Integer version = integer(root, "$", "version", true);
            if (version != null && version < 1) {
                problems.add("$.version: must be at least 1, is " + version);
            }
            String name = text(root, "$", "name", true);
            String description = text(root, "$", "description", false);
            WorkflowTrigger trigger = trigger(root);
            List<Object> entry = new ArrayList<>();
            JsonNode ec = array(root, "$", "entryConditions", false);
            if (ec != null) {
                for (int i = 0; i < ec.size(); i++) {
                    if (isObject(ec.get(i), "$.entryConditions[" + i + "]")) {
                        entry.add(JSON.convertValue(ec.get(i), Object.class));
                    }
                }
            }
            List<WorkflowNode> nodes = new ArrayList<>();
            JsonNode ns = array(root, "$", "nodes", true);
            Map<String, Integer> nodeIds = new HashMap<>();
            if (ns != null) {
                for (int i = 0; i < ns.size(); i++) {
                    String path = "$.nodes[" + i + "]";
                    WorkflowNode n = node(ns.get(i), path);
                    if (n == null) {
                        continue;
                    }
                    Integer first = nodeIds.putIfAbsent(n.id(), i);
                    if (first != null) {
                        problems.add(path + ".id: duplicate node id '" + n.id() + "' (also $.nodes[" + first + "])");
                    }
                    nodes.add(n);
                }
            }
            List<WorkflowEdge> edges = new ArrayList<>();
            JsonNode es = array(root, "$", "edges", false);
            Map<String, Integer> edgeIds = new HashMap<>();
            if (es != null) {
                for (int i = 0; i < es.size(); i++) {
                    String path = "$.edges[" + i + "]";
                    WorkflowEdge e = edge(es.get(i), path);
                    if (e == null) {
                        continue;
                    }
                    Integer first = edgeIds.putIfAbsent(e.id(), i);
                    if (first != null) {
                        problems.add(path + ".id: duplicate edge id '" + e.id() + "' (also $.edges[" + first + "])");
                    }
                    edges.add(e);
                }
            }
            WorkflowSettings settings = settings(root.get("settings"), "$.settings");
            Map<String, Object> metadata = object(root, "$", "metadata");
            String createdAt = text(root, "$", "createdAt", false);
            String updatedAt = text(root, "$", "updatedAt", false);
            Viewport viewport = null;
            JsonNode vp = root.get("viewport");
            if (vp != null && !vp.isNull() && isObject(vp, "$.viewport")) {
                unknownFields(vp, "$.viewport", Set.of("x", "y", "zoom"));
                Double x = number(vp, "$.viewport", "x", true);
                Double y = number(vp, "$.viewport", "y", true);
                Double zoom = number(vp, "$.viewport", "zoom", true);
                if (x != null && y != null && zoom != null) {
                    viewport = new Viewport(x, y, zoom);
                }
            }
            String editor = editor(root, "$");
            if (!problems.isEmpty()) {
                return null;
            }
            return new WorkflowDefinition(WorkflowDefinition.SCHEMA_VERSION, id, version, name, description, trigger,
                    entry, nodes, edges, settings, metadata, createdAt, updatedAt, viewport, editor);
        }

        private WorkflowNode node(JsonNode n, String path) {
            if (!isObject(n, path)) {
                return null;
            }
            int before = problems.size();
            unknownFields(n, path, NODE);
            String id = text(n, path, "id", true);
            if (id != null && id.isBlank()) {
                problems.add(path + ".id: must not be blank");
            }
            String typeName = text(n, path, "type", true);
            NodeType type = null;
            if (typeName != null) {
                type = NodeType.fromJson(typeName);
                if (type == null) {
                    problems.add(path + ".type: unknown node type '" + typeName
                            + "' (known: action, condition, junction, ai)");
                }
            }
            String actionType = text(n, path, "actionType", type == NodeType.ACTION);
            if (actionType != null && type != null && type != NodeType.ACTION) {
                problems.add(path + ".actionType: only action nodes have an action type");
            }
            String pluginId = text(n, path, "pluginId", false);
            Map<String, Object> config = object(n, path, "config");
            Object condition = null;
            JsonNode c = n.get("condition");
            if (type == NodeType.CONDITION && (c == null || c.isNull())) {
                problems.add(path + ".condition: required for a condition node");
            } else if (c != null && !c.isNull()) {
                if (type != null && type != NodeType.CONDITION) {
                    problems.add(path + ".condition: only condition nodes have a condition (put it on an edge)");
                }
                if (isObject(c, path + ".condition")) {
                    condition = JSON.convertValue(c, Object.class);
                }
            }
            RetryPolicy retry = null;
            JsonNode r = n.get("retryPolicy");
            if (r != null && !r.isNull()) {
                retry = retry(r, path + ".retryPolicy");
            }
            Long timeout = longValue(n, path, "timeoutMs", false);
            Long configVersion = longValue(n, path, "configVersion", false);
            if (configVersion != null && (configVersion < 1 || configVersion > 1000)) {
                problems.add(path + ".configVersion: must be 1 to 1000, got " + configVersion);
            }
            Position position = null;
            JsonNode p = n.get("position");
            if (p == null || p.isNull()) {
                problems.add(path + ".position: required");
            } else if (isObject(p, path + ".position")) {
                unknownFields(p, path + ".position", Set.of("x", "y"));
                Double x = number(p, path + ".position", "x", true);
                Double y = number(p, path + ".position", "y", true);
                if (x != null && y != null) {
                    position = new Position(x, y);
                }
            }
            Size size = null;
            JsonNode s = n.get("size");
            if (s != null && !s.isNull() && isObject(s, path + ".size")) {
                unknownFields(s, path + ".size", Set.of("width", "height"));
                Double w = number(s, path + ".size", "width", true);
                Double h = number(s, path + ".size", "height", true);
                if (w != null && h != null) {
                    size = new Size(w, h);
                }
            }
            String label = text(n, path, "label", false);
            List<NodeHandle> handles = new ArrayList<>();
            JsonNode hs = array(n, path, "handles", false);
            if (hs != null) {
                for (int i = 0; i < hs.size(); i++) {
                    String hp = path + ".handles[" + i + "]";
                    JsonNode h = hs.get(i);
                    if (isObject(h, hp)) {
                        unknownFields(h, hp, Set.of("id", "side"));
                        String hid = text(h, hp, "id", true);
                        String side = text(h, hp, "side", false);
                        if (side != null && !Set.of("top", "right", "bottom", "left").contains(side)) {
                            problems.add(hp + ".side: unknown side '" + side + "' (known: top, right, bottom, left)");
                        }
                        handles.add(new NodeHandle(hid, side));
                    }
                }
            }
            String editor = editor(n, path);
            if (problems.size() > before) {
                return id == null ? null : new WorkflowNode(id, type, null, null, null, null, null, null, null, null,
                        null, null, null, 1); // placeholder for the duplicate-id check; never returned to callers
            }
            return new WorkflowNode(id, type, actionType, pluginId, config, condition, retry, timeout, position, size,
                    label, handles, editor, configVersion == null ? 1 : configVersion.intValue());
        }

        private WorkflowEdge edge(JsonNode e, String path) {
            if (!isObject(e, path)) {
                return null;
            }
            unknownFields(e, path, EDGE);
            String id = text(e, path, "id", true);
            String source = text(e, path, "source", true);
            String target = text(e, path, "target", true);
            String sourceHandle = text(e, path, "sourceHandle", false);
            String targetHandle = text(e, path, "targetHandle", false);
            Object condition = null;
            JsonNode c = e.get("condition");
            if (c != null && !c.isNull() && isObject(c, path + ".condition")) {
                condition = JSON.convertValue(c, Object.class);
            }
            String label = text(e, path, "label", false);
            String editor = editor(e, path);
            return id == null ? null
                    : new WorkflowEdge(id, source, target, sourceHandle, targetHandle, condition, label, editor);
        }

        private WorkflowSettings settings(JsonNode s, String path) {
            WorkflowSettings d = WorkflowSettings.defaults();
            if (s == null || s.isNull()) {
                return d;
            }
            if (!isObject(s, path)) {
                return d;
            }
            unknownFields(s, path, SETTINGS);
            Integer max = integer(s, path, "maxConcurrentRuns", false);
            Long timeout = longValue(s, path, "timeoutMs", false);
            RetryPolicy retry = d.retryPolicy();
            JsonNode r = s.get("retryPolicy");
            if (r != null && !r.isNull()) {
                RetryPolicy read = retry(r, path + ".retryPolicy");
                retry = read == null ? retry : read;
            }
            ErrorHandling eh = d.errorHandling();
            String ehName = text(s, path, "errorHandling", false);
            if (ehName != null) {
                eh = ErrorHandling.fromJson(ehName);
                if (eh == null) {
                    problems.add(path + ".errorHandling: unknown value '" + ehName + "' (known: stop, skip, retry)");
                }
            }
            ExecutionMode em = d.executionMode();
            String emName = text(s, path, "executionMode", false);
            if (emName != null) {
                em = ExecutionMode.fromJson(emName);
                if (em == null) {
                    problems.add(path + ".executionMode: unknown value '" + emName
                            + "' (known: sequential, parallel)");
                }
            }
            return new WorkflowSettings(max == null ? d.maxConcurrentRuns() : max,
                    timeout == null ? d.timeoutMs() : timeout, retry, eh, em);
        }

        private RetryPolicy retry(JsonNode r, String path) {
            if (!isObject(r, path)) {
                return null;
            }
            unknownFields(r, path, RETRY);
            RetryPolicy d = RetryPolicy.DEFAULTS;
            Integer attempts = integer(r, path, "maxAttempts", false);
            String strategyName = text(r, path, "strategy", false);
            Long base = longValue(r, path, "baseDelayMs", false);
            Long maxDelay = longValue(r, path, "maxDelayMs", false);
            Boolean jitter = bool(r, path, "jitter", false);
            RetryPolicy.Strategy strategy = d.strategy();
            if (strategyName != null) {
                try {
                    strategy = RetryPolicy.Strategy.fromWireName(strategyName);
                } catch (IllegalArgumentException e) {
                    problems.add(path + ".strategy: unknown value '" + strategyName + "' (known: fixed, linear, exponential)");
                }
            }
            Set<ErrorCategory> retryOn = d.retryOn();
            JsonNode on = array(r, path, "retryOn", false);
            if (on != null) {
                retryOn = EnumSet.noneOf(ErrorCategory.class);
                for (int i = 0; i < on.size(); i++) {
                    ErrorCategory c = category(on.get(i));
                    if (c == null) {
                        problems.add(path + ".retryOn[" + i + "]: must be one of transient, resource, timeout, plugin");
                    } else if (c == ErrorCategory.PERMANENT || c == ErrorCategory.CANCELLED) {
                        problems.add(path + ".retryOn[" + i + "]: " + c.wireName() + " errors are never retried");
                    } else {
                        retryOn.add(c);
                    }
                }
            }
            int n = attempts == null ? d.maxAttempts() : attempts;
            long b = base == null ? d.baseDelayMs() : base;
            long m = maxDelay == null ? d.maxDelayMs() : maxDelay;
            List<String> ranges = DefinitionValidator.retryRanges(n, b, m, path);
            if (!ranges.isEmpty()) {
                problems.addAll(ranges);
                return null;
            }
            return new RetryPolicy(strategy, b, m, jitter == null ? d.jitter() : jitter, retryOn, n);
        }

        private String editor(JsonNode n, String path) {
            JsonNode e = n.get("editor");
            if (e == null || e.isNull()) {
                return null;
            }
            return isObject(e, path + ".editor") ? e.toString() : null;
        }

        private boolean isObject(JsonNode n, String path) {
            if (n == null || !n.isObject()) {
                problems.add(path + ": must be a JSON object");
                return false;
            }
            return true;
        }

        private void unknownFields(JsonNode n, String path, Set<String> known) {
            n.fieldNames().forEachRemaining(f -> {
                if (!known.contains(f)) {
                    problems.add(path + "." + f + ": unknown field");
                }
            });
        }

        private JsonNode present(JsonNode n, String path, String field, boolean required) {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                if (required) {
                    problems.add(path + "." + field + ": required");
                }
                return null;
            }
            return v;
        }

        private String text(JsonNode n, String path, String field, boolean required) {
            JsonNode v = present(n, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isTextual()) {
                problems.add(path + "." + field + ": must be a string");
                return null;
            }
            return v.textValue();
        }

        private Integer integer(JsonNode n, String path, String field, boolean required) {
            JsonNode v = present(n, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                problems.add(path + "." + field + ": must be an integer");
                return null;
            }
            return v.intValue();
        }

        private Long longValue(JsonNode n, String path, String field, boolean required) {
            JsonNode v = present(n, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                problems.add(path + "." + field + ": must be an integer");
                return null;
            }
            return v.longValue();
        }

        private static ErrorCategory category(JsonNode name) {
            try {
                return name.isTextual() ? ErrorCategory.fromWireName(name.textValue()) : null;
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }

        private Boolean bool(JsonNode n, String path, String field, boolean required) {
            JsonNode v = present(n, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isBoolean()) {
                problems.add(path + "." + field + ": must be true or false");
                return null;
            }
            return v.booleanValue();
        }

        private Double number(JsonNode n, String path, String field, boolean required) {
            JsonNode v = present(n, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isNumber()) {
                problems.add(path + "." + field + ": must be a number");
                return null;
            }
            return v.doubleValue();
        }

        private JsonNode array(JsonNode n, String path, String field, boolean required) {
            JsonNode v = present(n, path, field, required);
            if (v == null) {
                return null;
            }
            if (!v.isArray()) {
                problems.add(path + "." + field + ": must be an array");
                return null;
            }
            return v;
        }

        /** The flat trigger object: {@code type} (default manual) and the type's fields. */
        private WorkflowTrigger trigger(JsonNode root) {
            Map<String, Object> fields = new java.util.LinkedHashMap<>(object(root, "$", "trigger"));
            Object type = fields.remove("type");
            if (type == null) {
                return new WorkflowTrigger(WorkflowTrigger.MANUAL, fields);
            }
            if (!(type instanceof String t) || t.isBlank()) {
                problems.add("$.trigger.type: must be a non-empty string");
                return WorkflowTrigger.manual();
            }
            return new WorkflowTrigger(t, fields);
        }

        private Map<String, Object> object(JsonNode n, String path, String field) {
            JsonNode v = present(n, path, field, false);
            if (v == null) {
                return Map.of();
            }
            if (!v.isObject()) {
                problems.add(path + "." + field + ": must be a JSON object");
                return Map.of();
            }
            return JSON.convertValue(v, MAP);
        }
    }
}
