package io.devrig.api.flow;

/** The size the editor draws a node with. */
public record Size(double width, double height) {
}
