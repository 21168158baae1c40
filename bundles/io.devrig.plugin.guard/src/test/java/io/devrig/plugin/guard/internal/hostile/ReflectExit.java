package io.devrig.plugin.guard.internal.hostile;

import java.util.function.Function;

/** System.exit through reflection. */
public class ReflectExit implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        try {
            return Runtime.class.getMethod("exit", int.class).invoke(Runtime.getRuntime(), 3); // site
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
