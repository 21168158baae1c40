package io.devrig.action.data.internal;

import io.devrig.api.action.ActionDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds the actions' descriptors around the JSON Schemas kept as resources of this bundle. */
final class Descriptors {

    static final String CATEGORY = "data";
    private static final String FOLDER = "/io/devrig/action/data/";

    private Descriptors() {
    }

    /**
     * A descriptor (category data, no side effects, config version 1) whose schemas are the
     * resources {@code <name>.input.json} and {@code <name>.output.json}.
     */
    static ActionDescriptor load(String type, String name, String description, String schemaName) {
        return new ActionDescriptor(type, name, description, CATEGORY, resource(schemaName + ".input.json"),
                resource(schemaName + ".output.json"), false, 1);
    }

    static String resource(String file) {
        try (InputStream in = Descriptors.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + FOLDER + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER + file, e);
        }
    }
}
