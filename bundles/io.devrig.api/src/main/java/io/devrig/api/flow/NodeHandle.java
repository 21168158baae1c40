package io.devrig.api.flow;

/**
 * Where the editor draws one of a node's handles.
 *
 * @param id the handle: one of the node type's {@link NodeType#sourceHandles()} or {@link NodeType#targetHandles()}
 * @param side {@code top}, {@code right}, {@code bottom} or {@code left}
 */
public record NodeHandle(String id, String side) {
}
