package io.devrig.plugin.guard.internal.hostile;

import java.util.function.Function;

/** Tries to stop the JVM. */
public class Exit implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        System.exit(3); // site
        return "still running";
    }
}
