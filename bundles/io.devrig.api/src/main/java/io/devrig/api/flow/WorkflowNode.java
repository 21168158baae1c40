package io.devrig.api.flow;

import io.devrig.api.retry.RetryPolicy;
import java.util.List;
import java.util.Map;

/**
 * A node of a workflow's DAG.
 *
 * @param id unique within the workflow
 * @param actionType the action registry entry, required for {@link NodeType#ACTION}, else null
 * @param pluginId the plugin providing the action, or null
 * @param config the node's configuration (JSON-compatible values); strings containing
 *        <code>{{</code> are templates
 * @param condition the expression of a {@link NodeType#CONDITION} node (JSON-compatible
 *        values, condition DSL of §7), else null
 * @param retryPolicy overrides the workflow's, or null
 * @param timeoutMs the node's limit, or null
 * @param position editor: where the node is drawn
 * @param size editor: its size, or null
 * @param label editor: its caption, or null
 * @param handles editor: where its handles are drawn (may be empty)
 * @param editor editor fields DevRig does not model, as JSON object text, or null
 * @param configVersion the config format of the action type the config was saved with
 *        (see {@code ActionDescriptor#configVersion}), from 1; older configs are migrated on read
 */
public record WorkflowNode(String id, NodeType type, String actionType, String pluginId, Map<String, Object> config,
        Object condition, RetryPolicy retryPolicy, Long timeoutMs, Position position, Size size, String label,
        List<NodeHandle> handles, String editor, int configVersion) {

    public WorkflowNode {
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(config));
        handles = handles == null ? List.of() : List.copyOf(handles);
        if (configVersion < 1) {
            throw new IllegalArgumentException("configVersion must be at least 1: " + configVersion);
        }
    }

    /** This node with another config (e.g. migrated) and config version. */
    public WorkflowNode withConfig(Map<String, Object> newConfig, int newConfigVersion) {
        return new WorkflowNode(id, type, actionType, pluginId, newConfig, condition, retryPolicy, timeoutMs, position,
                size, label, handles, editor, newConfigVersion);
    }
}
