package io.devrig.api.flow;

/**
 * A directed edge of a workflow's DAG.
 *
 * @param id unique within the workflow
 * @param source the id of the node the edge leaves
 * @param target the id of the node the edge enters
 * @param sourceHandle the source node's handle, null for {@link NodeType#DEFAULT_HANDLE}
 * @param targetHandle the target node's handle, null for {@link NodeType#DEFAULT_HANDLE}
 * @param condition an expression that must hold for the edge to be followed, or null
 * @param label editor: caption, or null
 * @param editor editor fields DevRig does not model, as JSON object text, or null
 */
public record WorkflowEdge(String id, String source, String target, String sourceHandle, String targetHandle,
        Object condition, String label, String editor) {
}
