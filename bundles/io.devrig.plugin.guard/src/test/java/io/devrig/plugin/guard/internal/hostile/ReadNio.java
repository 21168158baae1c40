package io.devrig.plugin.guard.internal.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** Reads a file with Files.readString. */
public class ReadNio implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        try {
            return Files.readString(Path.of((String) input)); // site
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
