package io.devrig.plugin.guard.internal.hostile;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.function.Function;

/** Makes a class loader of its own: classes it loaded would never be checked. */
public class Loader implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        return new URLClassLoader(new URL[0]); // site
    }
}
