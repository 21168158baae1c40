package io.devrig.plugin.guard.internal.hostile;

import java.util.function.Function;
import java.util.function.IntConsumer;

/** Runtime::halt and System::exit as method references (invokedynamic handles, not calls). */
public class HaltRef implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        IntConsumer stop = input.equals("halt") ? Runtime.getRuntime()::halt : System::exit; // site
        stop.accept(3);
        return "still running";
    }
}
