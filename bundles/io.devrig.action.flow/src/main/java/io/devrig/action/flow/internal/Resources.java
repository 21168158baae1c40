package io.devrig.action.flow.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads the JSON Schemas bundled under {@code io/devrig/action/flow/}. */
final class Resources {

    private static final String FOLDER = "/io/devrig/action/flow/";

    private Resources() {
    }

    /** The resource as text; a missing resource is a packaging bug, so it fails loudly. */
    static String text(String name) {
        try (InputStream in = Resources.class.getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing from the bundle: " + FOLDER + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER + name, e);
        }
    }
}
