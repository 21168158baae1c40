package io.devrig.shell.internal;

import io.devrig.api.secrets.SecretVault;
import java.io.InputStream;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

/** {@code devrig:secret-set}: stores a secret whose value is prompted for, read from a file or piped in. */
@Command(scope = "devrig", name = "secret-set", description = "Creates or replaces a secret. The value is never an argument:"
        + " it is read from a file (--file), prompted for (not echoed) at the console, or read from standard input"
        + " when piped in.")
@Service
public class SecretSetCommand implements Action {

    // optional: a mandatory reference would hide every devrig command while the vault is down
    @Reference(optional = true)
    SecretVault vault;

    @Reference
    Session session;

    @Argument(index = 0, name = "name", required = true,
            description = "The secret's name: letters, digits and _ . - : / (e.g. github/token)")
    @Completion(SecretNameCompleter.class)
    String name;

    @Option(name = "--category", aliases = "-c", description = "Category for grouping (default: general)")
    String category;

    @Option(name = "--stdin", description = "Read the value from standard input (to its end) even when no pipe is detected")
    boolean stdin;

    @Option(name = "--file", aliases = "-f", description = "Read the value from this file (UTF-8, one trailing newline"
            + " removed), as the DevRig server's system user; a relative path is taken from the DevRig home folder")
    String file;

    // the session's streams in a Karaf command (Gogo's ThreadIO); tests replace them
    InputStream in = System.in;
    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        SecretInput input;
        if (file != null) {
            if (stdin) {
                throw ErrorLine.of("--file and --stdin exclude each other; nothing saved");
            }
            input = SecretInput.fromFile(resolve(file, System.getProperty("karaf.base", System.getProperty("user.dir"))));
        } else {
            input = SecretInput.choose(session, stdin, stdinIsTty(), in);
        }
        new SecretCommands(vault, out).set(name, category, input);
        return null;
    }

    /** {@code ~/x} from the user's home, a relative path from {@code base}, an absolute one as it is. */
    static java.nio.file.Path resolve(String path, String base) throws org.apache.karaf.shell.support.CommandException {
        if (path.isBlank()) {
            throw ErrorLine.of("--file needs a path; nothing saved");
        }
        try {
            java.nio.file.Path p;
            if (path.equals("~") || path.startsWith("~/")) {
                p = java.nio.file.Path.of(System.getProperty("user.home"), path.substring(1).replaceFirst("^/", ""));
            } else {
                p = java.nio.file.Path.of(path);
            }
            if (!p.isAbsolute() && base != null) {
                p = java.nio.file.Path.of(base).resolve(p);
            }
            return p.toAbsolutePath().normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw ErrorLine.of("not a valid path: " + path + "; nothing saved");
        }
    }

    /** Gogo's answer for the running pipe, null outside one. */
    static Boolean stdinIsTty() {
        org.apache.felix.service.command.Process process = org.apache.felix.service.command.Process.Utils.current();
        return process == null ? null : process.isTty(0);
    }
}
