package io.devrig.plugin.guard.internal.hostile;

import java.util.function.Function;

/** Nothing guarded (System and String are named, but no guarded member). */
public class Plain implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        return String.valueOf(input).toUpperCase() + System.lineSeparator().length() + System.nanoTime() * 0;
    }
}
