package io.devrig.plugin.guard.internal.hostile;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Reads a file with new FileInputStream(String): a checked constructor. */
public class ReadIo implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        try (InputStream in = new FileInputStream((String) input)) { // site
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
