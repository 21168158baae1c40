package io.devrig.plugin.guard.internal.hostile;

import io.devrig.plugin.guard.runtime.Checks;
import java.util.function.Function;

/** Calls a check itself, posing as another plugin: refused while loading. */
public class Forger implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        Checks.network("another.plugin", "Socket", "here"); // site
        return "forged";
    }
}
