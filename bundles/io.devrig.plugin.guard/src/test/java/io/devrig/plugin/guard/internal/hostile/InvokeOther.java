package io.devrig.plugin.guard.internal.hostile;

import java.util.function.Function;

/** Calls a public static method "hello" of the class given as input through Method.invoke. */
public class InvokeOther implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        try {
            return ((Class<?>) input).getMethod("hello").invoke(null); // site
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
