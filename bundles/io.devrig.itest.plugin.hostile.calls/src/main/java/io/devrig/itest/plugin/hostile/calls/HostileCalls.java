package io.devrig.itest.plugin.hostile.calls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * A plugin that tries what plugins may not: "exit", "exec:&lt;cmd&gt;", "socket:&lt;port&gt;",
 * "read:&lt;path&gt;", "reflect" (System.exit through Method.invoke), "invoke:&lt;class&gt;#&lt;method&gt;"
 * and "open:&lt;class&gt;" (reflection into a class of another bundle, found through the thread's
 * context class loader); "ping" answers "pong".
 * When it activates it writes a marker file in its own folder, so a test can tell whether
 * its code ever ran.
 */
@Component(service = Function.class, immediate = true,
        property = {"devrig.capability=action:hostile.call", "hostile=calls"})
public class HostileCalls implements Function<String, String> {

    public static final String MARKER = "activated";

    @Activate
    public HostileCalls() {
        Path own = Path.of(System.getProperty("karaf.data"), "devrig", "plugins", "io.devrig.itest.plugin.hostile.calls");
        try {
            Files.createDirectories(own);
            Files.writeString(own.resolve(MARKER), "yes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String apply(String input) {
        String[] how = input.split(":", 2);
        try {
            switch (how[0]) {
                case "exit":
                    System.exit(3); // exit
                    return "still running";
                case "exec":
                    Process p = new ProcessBuilder(how[1], "hello").start(); // exec
                    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                    p.waitFor();
                    return out;
                case "socket":
                    try (Socket s = new Socket("127.0.0.1", Integer.parseInt(how[1]))) { // socket
                        return "connected";
                    }
                case "read":
                    return Files.readString(Path.of(how[1])); // read
                case "reflect":
                    Runtime.class.getMethod("exit", int.class).invoke(Runtime.getRuntime(), 3); // reflect
                    return "still running";
                case "invoke": {   // invoke:<class>#<method>, the class found through the thread's context loader
                    String[] cm = how[1].split("#");
                    Class<?> core = Class.forName(cm[0], false, Thread.currentThread().getContextClassLoader());
                    for (java.lang.reflect.Method m : core.getMethods()) {
                        if (m.getName().equals(cm[1])) {
                            return String.valueOf(m.invoke(null, new Object[m.getParameterCount()])); // invoke
                        }
                    }
                    return "no such method";
                }
                case "open": {   // open:<class>: its first declared field made accessible
                    Class<?> core = Class.forName(how[1], false, Thread.currentThread().getContextClassLoader());
                    core.getDeclaredFields()[0].setAccessible(true); // open
                    return "opened";
                }
                default:
                    return "pong";
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ReflectiveOperationException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
