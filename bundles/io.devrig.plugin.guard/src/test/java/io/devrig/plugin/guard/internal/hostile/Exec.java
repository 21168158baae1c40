package io.devrig.plugin.guard.internal.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/** Runs a command ("pb:echo" through ProcessBuilder, "rt:echo" through Runtime.exec) and returns its output. */
public class Exec implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        String[] how = ((String) input).split(":", 2);
        try {
            Process p;
            if (how[0].equals("pb")) {
                p = new ProcessBuilder(how[1], "hello").start(); // site
            } else {
                p = Runtime.getRuntime().exec(new String[] {how[1], "hello"}); // site2
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return out;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
