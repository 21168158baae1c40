package io.devrig.api.flow;

/** Where the editor draws a node, or the editor's viewport offset. */
public record Position(double x, double y) {
}
