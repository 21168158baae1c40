package io.devrig.api.flow;

import java.util.List;
import java.util.Map;

/**
 * A workflow definition (seed architecture §5.2), one stored version of a workflow (§5.3).
 *
 * @param schemaVersion the definition format, {@link #SCHEMA_VERSION} once read (older
 *        stored definitions are migrated on read)
 * @param id the workflow's id
 * @param version the workflow version, from 1
 * @param trigger the trigger; {@link WorkflowTrigger#manual()} when the definition declares none
 * @param entryConditions condition expressions that must all hold for a run to start
 * @param metadata free-form (JSON-compatible values)
 * @param createdAt ISO-8601 instant text, or null
 * @param updatedAt ISO-8601 instant text, or null
 * @param viewport editor: pan and zoom, or null
 * @param editor editor fields DevRig does not model, as JSON object text, or null
 */
public record WorkflowDefinition(int schemaVersion, String id, int version, String name, String description,
        WorkflowTrigger trigger, List<Object> entryConditions, List<WorkflowNode> nodes, List<WorkflowEdge> edges,
        WorkflowSettings settings, Map<String, Object> metadata, String createdAt, String updatedAt,
        Viewport viewport, String editor) {

    /** The current definition format. */
    public static final int SCHEMA_VERSION = 2;

    public WorkflowDefinition {
        trigger = trigger == null ? WorkflowTrigger.manual() : trigger;
        entryConditions = entryConditions == null ? List.of()
                : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(entryConditions));
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        edges = edges == null ? List.of() : List.copyOf(edges);
        settings = settings == null ? WorkflowSettings.defaults() : settings;
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }
}
