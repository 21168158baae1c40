package io.devrig.plugin.guard.internal.hostile;

import java.util.function.Function;

/** Names sun.misc.Unsafe: refused while loading. */
public class UsesUnsafe implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        return sun.misc.Unsafe.class.getName(); // site
    }
}
