package io.devrig.plugin.guard.internal.hostile;

import java.io.IOException;
import java.net.Socket;
import java.util.function.Function;

/** Opens a socket to 127.0.0.1:&lt;input&gt;. */
public class Connect implements Function<Object, Object> {
    @Override
    public Object apply(Object input) {
        try (Socket s = new Socket("127.0.0.1", (Integer) input)) { // site
            return "connected";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
