package io.devrig.plugin.guard.internal.hostile;

import java.lang.reflect.Field;
import java.util.function.Function;

/** setAccessible on a field of the class given as input ("own" for one of its own). */
public class Accessible implements Function<Object, Object> {
    private String secret = "mine";

    @Override
    public Object apply(Object input) {
        try {
            Field f = input.equals("own") ? Accessible.class.getDeclaredField("secret")
                    : ((Class<?>) input).getDeclaredFields()[0];
            f.setAccessible(true); // site
            return input.equals("own") ? f.get(this) : "opened";
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
