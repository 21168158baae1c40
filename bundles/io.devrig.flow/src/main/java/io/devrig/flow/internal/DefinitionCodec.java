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
import io.devrig.common.schema.CompiledSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes workflow definitions as JSON. Reading migrates an older schema version
 * through {@link Migrations} first (the seed's spellings are schema 0), then checks the tree
 * against the published JSON Schema ({@link #SCHEMA_RESOURCE}: unknown fields, missing
 * required fields, wrong types, unknown enum values, retry policy ranges) and what a schema
 * cannot say (duplicate node or edge ids, fields of another node type, maxDelayMs below
 * baseDelayMs), all reported together, each with its JSON path; then maps the tree. Range
 * checks of settings and timeouts are the {@link DefinitionValidator}'s, so that a stored
 * definition that has become invalid can still be read and repaired.
 *
 * <p>Editor data round-trips: {@code position}, {@code size}, {@code label},
 * {@code handles}, {@code sourceHandle}/{@code targetHandle} and {@code viewport} are
 * modelled; anything else the editor stores goes under an {@code editor} object (of the
 * workflow, a node or an edge), kept verbatim. Numbers that are whole are written
 * without a fraction ({@code 100.0} comes back as {@code 100}).
 */
public final class DefinitionCodec {

    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final int MAX_PROBLEMS_IN_MESSAGE = 10;

    /**
     * Where the bundle publishes the JSON Schema of the definition (an entry of this bundle,
     * also announced by its {@code devrig.schema} capability).
     */
    public static final String SCHEMA_RESOURCE = "/schemas/workflow-definition.schema.json";
    private static final CompiledSchema SCHEMA = CompiledSchema.resource(DefinitionCodec.class, SCHEMA_RESOURCE);

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
        dropNulls(obj);
        problems.addAll(SCHEMA.problems(obj, "$"));
        crossChecks(obj, problems);
        if (!problems.isEmpty()) {
            throw invalid(problems);
        }
        return definition(obj);
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
            t.setAll((ObjectNode) io.devrig.common.json.JsonTrees.toTree(def.trigger().config()));
        }
        if (!def.entryConditions().isEmpty()) {
            o.set("entryConditions", io.devrig.common.json.JsonTrees.toTree(def.entryConditions()));
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
            o.set("metadata", io.devrig.common.json.JsonTrees.toTree(def.metadata()));
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
        o.set("config", io.devrig.common.json.JsonTrees.toTree(n.config()));
        if (n.condition() != null) {
            o.set("condition", io.devrig.common.json.JsonTrees.toTree(n.condition()));
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
            o.set("condition", io.devrig.common.json.JsonTrees.toTree(e.condition()));
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

    /** Whether {@code n} is a JSON object. */
    private static boolean isObject(JsonNode n) {
        return n != null && n.isObject();
    }

    /**
     * A {@code null} member of the definition, a node, an edge, the settings or a retry
     * policy means absent (config, metadata, trigger and editor data keep theirs verbatim).
     */
    private static void dropNulls(ObjectNode root) {
        dropNullMembers(root);
        for (String list : List.of("nodes", "edges")) {
            root.path(list).forEach(item -> {
                if (item instanceof ObjectNode o) {
                    dropNullMembers(o);
                    dropNullMembers(o.get("retryPolicy"));
                }
            });
        }
        if (root.get("settings") instanceof ObjectNode settings) {
            dropNullMembers(settings);
            dropNullMembers(settings.get("retryPolicy"));
        }
    }

    private static void dropNullMembers(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> nulls = new ArrayList<>();
            o.fields().forEachRemaining(f -> {
                if (f.getValue().isNull()) {
                    nulls.add(f.getKey());
                }
            });
            o.remove(nulls);
        }
    }

    /**
     * What the schema cannot say: unique node and edge ids, fields that belong to another
     * node type, and a retry policy's maxDelayMs below its baseDelayMs. Reads only what the
     * schema guarantees where it applies, so it runs on an invalid tree too.
     */
    private static void crossChecks(ObjectNode root, List<String> problems) {
        for (String list : List.of("nodes", "edges")) {
            String kind = list.equals("nodes") ? "node" : "edge";
            Map<String, Integer> ids = new HashMap<>();
            JsonNode items = root.path(list);
            for (int i = 0; i < items.size(); i++) {
                JsonNode id = items.get(i).path("id");
                if (id.isTextual()) {
                    Integer first = ids.putIfAbsent(id.textValue(), i);
                    if (first != null) {
                        problems.add("$." + list + "[" + i + "].id: duplicate " + kind + " id '" + id.textValue()
                                + "' (also $." + list + "[" + first + "])");
                    }
                }
            }
        }
        JsonNode nodes = root.path("nodes");
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode n = nodes.get(i);
            String path = "$.nodes[" + i + "]";
            NodeType type = n.path("type").isTextual() ? NodeType.fromJson(n.path("type").textValue()) : null;
            if (type != null && type != NodeType.ACTION && n.has("actionType")) {
                problems.add(path + ".actionType: only action nodes have an action type");
            }
            if (type != null && type != NodeType.CONDITION && n.has("condition")) {
                problems.add(path + ".condition: only condition nodes have a condition (put it on an edge)");
            }
            delays(n.get("retryPolicy"), path + ".retryPolicy", problems);
        }
        delays(root.path("settings").get("retryPolicy"), "$.settings.retryPolicy", problems);
    }

    private static void delays(JsonNode policy, String path, List<String> problems) {
        if (isObject(policy) && policy.path("baseDelayMs").canConvertToLong() && policy.path("maxDelayMs").canConvertToLong()) {
            long base = policy.path("baseDelayMs").asLong(RetryPolicy.DEFAULTS.baseDelayMs());
            long max = policy.path("maxDelayMs").asLong(RetryPolicy.DEFAULTS.maxDelayMs());
            if (max < base) {
                problems.add(path + ".maxDelayMs: " + max + " is below baseDelayMs " + base);
            }
        }
    }

    /** Maps a tree that passed the schema and the cross-checks (the schema guarantees every type read here). */
    private static WorkflowDefinition definition(ObjectNode root) {
        List<Object> entry = new ArrayList<>();
        root.path("entryConditions").forEach(c -> entry.add(JSON.convertValue(c, Object.class)));
        List<WorkflowNode> nodes = new ArrayList<>();
        root.path("nodes").forEach(n -> nodes.add(node(n)));
        List<WorkflowEdge> edges = new ArrayList<>();
        root.path("edges").forEach(e -> edges.add(new WorkflowEdge(text(e, "id"), text(e, "source"), text(e, "target"),
                text(e, "sourceHandle"), text(e, "targetHandle"), value(e.get("condition")), text(e, "label"), editor(e))));
        JsonNode vp = root.get("viewport");
        Viewport viewport = vp == null ? null : JSON.convertValue(vp, Viewport.class);
        return new WorkflowDefinition(WorkflowDefinition.SCHEMA_VERSION, text(root, "id"), root.get("version").intValue(),
                text(root, "name"), text(root, "description"), trigger(root.get("trigger")), entry, nodes, edges,
                settings(root.get("settings")), map(root.get("metadata")), text(root, "createdAt"), text(root, "updatedAt"),
                viewport, editor(root));
    }

    /** The flat trigger object: {@code type} (absent: manual) and the type's fields. */
    private static WorkflowTrigger trigger(JsonNode t) {
        Map<String, Object> fields = new java.util.LinkedHashMap<>(map(t));
        Object type = fields.remove("type");
        return new WorkflowTrigger(type == null ? WorkflowTrigger.MANUAL : (String) type, fields);
    }

    private static WorkflowNode node(JsonNode n) {
        List<NodeHandle> handles = new ArrayList<>();
        n.path("handles").forEach(h -> handles.add(new NodeHandle(text(h, "id"), text(h, "side"))));
        JsonNode retry = n.get("retryPolicy");
        JsonNode timeout = n.get("timeoutMs");
        JsonNode size = n.get("size");
        return new WorkflowNode(text(n, "id"), NodeType.fromJson(text(n, "type")), text(n, "actionType"),
                text(n, "pluginId"), map(n.get("config")), value(n.get("condition")), retry == null ? null : retry(retry),
                timeout == null ? null : timeout.longValue(), JSON.convertValue(n.get("position"), Position.class),
                size == null ? null : JSON.convertValue(size, Size.class), text(n, "label"), handles, editor(n),
                n.path("configVersion").asInt(1));
    }

    private static WorkflowSettings settings(JsonNode s) {
        WorkflowSettings d = WorkflowSettings.defaults();
        if (s == null) {
            return d;
        }
        JsonNode retry = s.get("retryPolicy");
        return new WorkflowSettings(s.path("maxConcurrentRuns").asInt(d.maxConcurrentRuns()),
                s.path("timeoutMs").asLong(d.timeoutMs()), retry == null ? d.retryPolicy() : retry(retry),
                s.has("errorHandling") ? ErrorHandling.fromJson(text(s, "errorHandling")) : d.errorHandling(),
                s.has("executionMode") ? ExecutionMode.fromJson(text(s, "executionMode")) : d.executionMode());
    }

    /** A retry policy (seed §15.2); absent fields take {@link RetryPolicy#DEFAULTS}. */
    private static RetryPolicy retry(JsonNode r) {
        RetryPolicy d = RetryPolicy.DEFAULTS;
        Set<ErrorCategory> retryOn = d.retryOn();
        if (r.has("retryOn")) {
            retryOn = EnumSet.noneOf(ErrorCategory.class);
            for (JsonNode c : r.get("retryOn")) {
                retryOn.add(ErrorCategory.fromWireName(c.textValue()));
            }
        }
        return new RetryPolicy(r.has("strategy") ? RetryPolicy.Strategy.fromWireName(text(r, "strategy")) : d.strategy(),
                r.path("baseDelayMs").asLong(d.baseDelayMs()), r.path("maxDelayMs").asLong(d.maxDelayMs()),
                r.path("jitter").asBoolean(d.jitter()), retryOn, r.path("maxAttempts").asInt(d.maxAttempts()));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null ? null : v.textValue();
    }

    private static Object value(JsonNode v) {
        return v == null ? null : JSON.convertValue(v, Object.class);
    }

    private static Map<String, Object> map(JsonNode v) {
        return v == null ? Map.of() : JSON.convertValue(v, MAP);
    }

    private static String editor(JsonNode n) {
        JsonNode e = n.get("editor");
        return e == null ? null : e.toString();
    }
}
