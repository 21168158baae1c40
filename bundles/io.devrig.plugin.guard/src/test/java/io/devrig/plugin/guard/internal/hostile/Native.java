package io.devrig.plugin.guard.internal.hostile;

import java.util.function.Function;

/** Loads a native library. */
public class Native implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        System.loadLibrary("devrigevil"); // site
        return "loaded";
    }
}
