package io.devrig.api.flow;

/** The editor's pan and zoom for a workflow. */
public record Viewport(double x, double y, double zoom) {
}
