package io.devrig.plugin.guard.internal.hostile;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;

/** Finds Runtime.exit as a method handle. */
public class Lookup implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        try {
            return MethodHandles.lookup().findVirtual(Runtime.class, "exit", MethodType.methodType(void.class, int.class)); // site
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
