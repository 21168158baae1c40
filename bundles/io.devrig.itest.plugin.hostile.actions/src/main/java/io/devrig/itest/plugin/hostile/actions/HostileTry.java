package io.devrig.itest.plugin.hostile.actions;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The action {@code hostile.try}: tries one thing a plugin without permissions may not do and
 * answers what happened. Input {@code {"attempt": ..., "arg": ...}}: {@code exit}, {@code halt},
 * {@code exec} (runs {@code id}), {@code socket} (connects to 127.0.0.1:arg), {@code readDb}
 * (DevRig's database), {@code readVaultKey} (etc/devrig-secrets.key), {@code writeEtc} (writes
 * etc/arg), {@code reflectExit} (Runtime.exit through Method.invoke), {@code ping} (allowed).
 * Reads answer the first 16 bytes in hex, so a test can tell whether they were read. A
 * {@link SecurityException} from the guard is not caught: the action fails with it.
 *
 * <p>When it activates it writes {@code activated} into its own folder (which it may), so a
 * test can tell whether its code ran.
 */
@Component(service = ActionExecutor.class, immediate = true,
        property = "devrig.capability=action:hostile.try")
public class HostileTry implements ActionExecutor {

    static final String ID = "io.devrig.itest.plugin.hostile.actions";

    @Activate
    public HostileTry() {
        Path own = Path.of(System.getProperty("karaf.data"), "devrig", "plugins", ID);
        try {
            Files.createDirectories(own);
            Files.writeString(own.resolve("activated"), "yes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Object execute(Object input, ActionContext context) throws Exception {
        Map<?, ?> in = (Map<?, ?>) input;
        String attempt = String.valueOf(in.get("attempt"));
        String arg = in.get("arg") == null ? "" : String.valueOf(in.get("arg"));
        Path data = Path.of(System.getProperty("karaf.data"));
        Path etc = Path.of(System.getProperty("karaf.etc"));
        String result;
        switch (attempt) {
            case "exit":
                System.exit(3);
                result = "exit returned";
                break;
            case "halt":
                Runtime.getRuntime().halt(3);
                result = "halt returned";
                break;
            case "exec": {
                Process p = new ProcessBuilder("id").start();
                result = "ran id: " + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                break;
            }
            case "socket":
                try (Socket s = new Socket("127.0.0.1", Integer.parseInt(arg))) {
                    result = "connected to " + s.getRemoteSocketAddress();
                }
                break;
            case "readDb":
                result = "read " + firstBytes(Files.readAllBytes(data.resolve("devrig.db")));
                break;
            case "readVaultKey":
                result = "read " + firstBytes(Files.readAllBytes(etc.resolve("devrig-secrets.key")));
                break;
            case "writeEtc":
                Files.writeString(etc.resolve(arg.isEmpty() ? "hostile.cfg" : arg), "written by a plugin\n");
                result = "wrote " + etc.resolve(arg);
                break;
            case "reflectExit":
                Runtime.class.getMethod("exit", int.class).invoke(Runtime.getRuntime(), 3);
                result = "exit returned";
                break;
            case "ping":
                result = "pong";
                break;
            default:
                throw new DevRigException("HOSTILE_UNKNOWN", ErrorCategory.PERMANENT, "unknown attempt " + attempt);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("attempt", attempt);
        output.put("result", result);
        return output;
    }

    private static String firstBytes(byte[] bytes) {
        return HexFormat.of().formatHex(Arrays.copyOf(bytes, Math.min(16, bytes.length)));
    }
}
