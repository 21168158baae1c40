package io.devrig.shell.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.NodeType;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.WorkflowEdge;
import io.devrig.api.flow.WorkflowNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A small {@link WorkflowDefinitions} as its Javadoc describes it, for a subset of the
 * format: {@code id}, {@code version}, {@code name}, {@code description}, {@code nodes}
 * ({@code id}, {@code type}, {@code actionType}) and {@code edges} ({@code id},
 * {@code source}, {@code target}). Parsing is strict and reports every problem with its
 * JSON path under the {@code problems} detail.
 */
class FakeWorkflowDefinitions implements WorkflowDefinitions {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("schemaVersion", "id", "version", "name", "description", "nodes",
            "edges");

    /** The action types some plugin provides. */
    final Set<String> knownActionTypes = new HashSet<>();

    static DevRigException invalid(String message, List<String> problems) {
        return new DevRigException(DevRigError.of(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message)
                .withDetails(Map.of("problems", List.copyOf(problems))));
    }

    @Override
    public WorkflowDefinition parse(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("the workflow definition is not JSON", List.of("$: not JSON"));
        }
        if (root == null || !root.isObject()) {
            throw invalid("the workflow definition is invalid", List.of("$: must be an object"));
        }
        List<String> problems = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add("$." + name + ": unknown field");
            }
        }
        String name = text(root, "name", "$", problems, true);
        List<WorkflowNode> nodes = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (!root.path("nodes").isArray()) {
            problems.add("$.nodes: required, an array");
        } else {
            for (int i = 0; i < root.get("nodes").size(); i++) {
                JsonNode n = root.get("nodes").get(i);
                String at = "$.nodes[" + i + "]";
                String id = text(n, "id", at, problems, true);
                NodeType type = NodeType.fromJson(n.path("type").asText("action"));
                if (type == null) {
                    problems.add(at + ".type: unknown node type '" + n.path("type").asText() + "'");
                }
                String actionType = text(n, "actionType", at, problems, type == NodeType.ACTION);
                if (id != null && !ids.add(id)) {
                    problems.add(at + ".id: duplicate id '" + id + "'");
                }
                nodes.add(new WorkflowNode(id, type, actionType, null, null, null, null, null, null, null, null, null,
                        null, 1));
            }
        }
        List<WorkflowEdge> edges = new ArrayList<>();
        if (root.has("edges")) {
            for (int i = 0; i < root.get("edges").size(); i++) {
                JsonNode e = root.get("edges").get(i);
                String at = "$.edges[" + i + "]";
                edges.add(new WorkflowEdge(text(e, "id", at, problems, true), text(e, "source", at, problems, true),
                        text(e, "target", at, problems, true), null, null, null, null, null));
            }
        }
        if (!problems.isEmpty()) {
            throw invalid("the workflow definition is invalid", problems);
        }
        return new WorkflowDefinition(WorkflowDefinition.SCHEMA_VERSION, root.path("id").asText(""),
                root.path("version").asInt(0), name, root.hasNonNull("description") ? root.get("description").asText() : null,
                null, null, nodes, edges, null, null, null, null, null, null);
    }

    private static String text(JsonNode parent, String field, String at, List<String> problems, boolean required) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(at + "." + field + ": required");
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.add(at + "." + field + ": must be a string");
            return null;
        }
        return value.asText();
    }

    @Override
    public String toJson(WorkflowDefinition d) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("schemaVersion", d.schemaVersion());
        root.put("id", d.id());
        root.put("version", d.version());
        root.put("name", d.name());
        if (d.description() != null) {
            root.put("description", d.description());
        }
        List<Object> nodes = new ArrayList<>();
        for (WorkflowNode n : d.nodes()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("id", n.id());
            node.put("type", n.type().json());
            if (n.actionType() != null) {
                node.put("actionType", n.actionType());
            }
            nodes.add(node);
        }
        root.put("nodes", nodes);
        List<Object> edges = new ArrayList<>();
        for (WorkflowEdge e : d.edges()) {
            edges.add(Map.of("id", e.id(), "source", e.source(), "target", e.target()));
        }
        root.put("edges", edges);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public ValidationReport validate(WorkflowDefinition definition, boolean draft) {
        return validate(definition, draft, knownActionTypes::contains);
    }

    @Override
    public ValidationReport validate(WorkflowDefinition d, boolean draft, Predicate<String> known) {
        List<String> errors = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        Set<String> ids = new HashSet<>();
        d.nodes().forEach(n -> ids.add(n.id()));
        for (int i = 0; i < d.edges().size(); i++) {
            WorkflowEdge e = d.edges().get(i);
            if (!ids.contains(e.source())) {
                errors.add("$.edges[" + i + "].source: no node with id '" + e.source() + "'");
            }
            if (!ids.contains(e.target())) {
                errors.add("$.edges[" + i + "].target: no node with id '" + e.target() + "'");
            }
        }
        for (int i = 0; i < d.nodes().size(); i++) {
            WorkflowNode n = d.nodes().get(i);
            if (n.actionType() != null && !known.test(n.actionType())) {
                missing.add(n.actionType());
                if (!draft) {
                    errors.add("$.nodes[" + i + "].actionType: unknown action type '" + n.actionType() + "'");
                }
            }
            if (d.nodes().size() > 1 && d.edges().stream().noneMatch(e -> n.id().equals(e.source()) || n.id().equals(e.target()))) {
                warnings.add("$.nodes[" + i + "]: not connected to any other node");
            }
        }
        return new ValidationReport(errors, warnings, new ArrayList<>(missing));
    }
}
