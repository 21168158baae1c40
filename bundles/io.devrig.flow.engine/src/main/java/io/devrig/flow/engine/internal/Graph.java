package io.devrig.flow.engine.internal;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.api.condition.CompiledCondition;
import io.devrig.api.condition.ConditionEngine;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowEdge;
import io.devrig.api.flow.WorkflowNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published definition prepared for execution: nodes in topological order, edges by
 * node, every condition compiled once. Immutable; shared by every run of the version.
 */
final class Graph {

    final WorkflowDefinition definition;
    /** Node ids in topological order (ties in definition order). */
    final List<String> order;
    final Map<String, WorkflowNode> nodes;
    final Map<String, List<WorkflowEdge>> inbound;
    final Map<String, List<WorkflowEdge>> outbound;
    final Map<String, CompiledCondition> edgeConditions;
    final Map<String, CompiledCondition> nodeConditions;
    final List<CompiledCondition> entryConditions;
    /** The trigger's {@code inputSchema}, compiled once; null when it has none. */
    final Schema inputSchema;

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private Graph(WorkflowDefinition definition, List<String> order, Map<String, WorkflowNode> nodes,
            Map<String, List<WorkflowEdge>> inbound, Map<String, List<WorkflowEdge>> outbound,
            Map<String, CompiledCondition> edgeConditions, Map<String, CompiledCondition> nodeConditions,
            List<CompiledCondition> entryConditions, Schema inputSchema) {
        this.definition = definition;
        this.order = order;
        this.nodes = nodes;
        this.inbound = inbound;
        this.outbound = outbound;
        this.edgeConditions = edgeConditions;
        this.nodeConditions = nodeConditions;
        this.entryConditions = entryConditions;
        this.inputSchema = inputSchema;
    }

    /**
     * @throws IllegalArgumentException when the definition is not a DAG over its nodes (a
     *         published definition was validated; this guards stored data)
     */
    static Graph of(WorkflowDefinition definition, ConditionEngine conditions) {
        Map<String, WorkflowNode> byId = new LinkedHashMap<>();
        Map<String, List<WorkflowEdge>> in = new HashMap<>();
        Map<String, List<WorkflowEdge>> out = new HashMap<>();
        for (WorkflowNode n : definition.nodes()) {
            byId.put(n.id(), n);
            in.put(n.id(), new ArrayList<>());
            out.put(n.id(), new ArrayList<>());
        }
        Map<String, CompiledCondition> edgeConditions = new HashMap<>();
        for (WorkflowEdge e : definition.edges()) {
            if (!byId.containsKey(e.source()) || !byId.containsKey(e.target())) {
                throw new IllegalArgumentException("edge " + e.id() + " joins unknown nodes");
            }
            out.get(e.source()).add(e);
            in.get(e.target()).add(e);
            if (e.condition() != null) {
                edgeConditions.put(e.id(), conditions.compile(e.condition()));
            }
        }
        Map<String, CompiledCondition> nodeConditions = new HashMap<>();
        for (WorkflowNode n : definition.nodes()) {
            if (n.condition() != null) {
                nodeConditions.put(n.id(), conditions.compile(n.condition()));
            }
        }
        List<CompiledCondition> entry = new ArrayList<>();
        for (Object c : definition.entryConditions()) {
            entry.add(conditions.compile(c));
        }
        // Kahn's algorithm, taking ready nodes in definition order
        Map<String, Integer> indegree = new HashMap<>();
        in.forEach((id, edges) -> indegree.put(id, edges.size()));
        List<String> order = new ArrayList<>();
        Deque<String> ready = new ArrayDeque<>();
        for (String id : byId.keySet()) {
            if (indegree.get(id) == 0) {
                ready.add(id);
            }
        }
        while (!ready.isEmpty()) {
            String id = ready.poll();
            order.add(id);
            for (WorkflowEdge e : out.get(id)) {
                if (indegree.merge(e.target(), -1, Integer::sum) == 0) {
                    ready.add(e.target());
                }
            }
        }
        if (order.size() != byId.size()) {
            throw new IllegalArgumentException("the graph has a cycle");
        }
        Map<String, WorkflowNode> ordered = new LinkedHashMap<>();
        order.forEach(id -> ordered.put(id, byId.get(id)));
        Map<String, List<WorkflowEdge>> inView = new HashMap<>();
        in.forEach((k, v) -> inView.put(k, List.copyOf(v)));
        Map<String, List<WorkflowEdge>> outView = new HashMap<>();
        out.forEach((k, v) -> outView.put(k, List.copyOf(v)));
        return new Graph(definition, List.copyOf(order), Collections.unmodifiableMap(ordered), inView, outView,
                Map.copyOf(edgeConditions), Map.copyOf(nodeConditions), List.copyOf(entry), inputSchema(definition));
    }

    private static Schema inputSchema(WorkflowDefinition definition) {
        Object schema = definition.trigger().inputSchema();
        return schema == null ? null : SCHEMAS.getSchema(Json.tree(schema, "the input schema"));
    }
}
