package io.devrig.plugin.guard.internal.hostile;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.function.Function;

/** Jackson opening files for the plugin: "read|path" or "write|path". */
public class JacksonFiles implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        String[] a = ((String) input).split("\\|");
        ObjectMapper mapper = new ObjectMapper();
        try {
            if (a[0].equals("read")) {
                return mapper.readTree(new File(a[1])).toString(); // read
            }
            mapper.writeValue(new File(a[1]), Map.of("k", "v")); // write
            return "written";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
