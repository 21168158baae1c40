package io.devrig.plugin.guard.internal.hostile;

import java.io.FileOutputStream;
import java.io.IOException;
import java.util.function.Function;

/** Writes "x" to a file with new FileOutputStream(String, boolean): a two-argument checked constructor. */
public class WriteIo implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        try (FileOutputStream out = new FileOutputStream((String) input, false)) { // site
            out.write('x');
            return "written";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
