package io.devrig.api.flow;

import java.util.List;

/** What a workflow node does; {@link #json()} is its name in a definition. */
public enum NodeType {
    /** Performs an action of the action registry ({@code actionType}). */
    ACTION("action"),
    /** Branches: its {@code condition} chooses the {@code true} or the {@code false} source handle. */
    CONDITION("condition"),
    /** Merges parallel branches: waits for all inbound edges. */
    JUNCTION("junction"),
    /** Runs an AI step. */
    AI("ai");

    /** The single handle of node types that do not declare named handles. */
    public static final String DEFAULT_HANDLE = "default";

    private final String json;

    NodeType(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /** The source (outgoing) handles this type declares. */
    public List<String> sourceHandles() {
        return this == CONDITION ? List.of("true", "false") : List.of(DEFAULT_HANDLE);
    }

    /** The target (incoming) handles this type declares. */
    public List<String> targetHandles() {
        return List.of(DEFAULT_HANDLE);
    }

    /** The type named {@code json} in a definition, or null. */
    public static NodeType fromJson(String json) {
        for (NodeType t : values()) {
            if (t.json.equals(json)) {
                return t;
            }
        }
        return null;
    }
}
