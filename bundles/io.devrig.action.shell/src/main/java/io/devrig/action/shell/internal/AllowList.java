package io.devrig.action.shell.internal;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executables shell.exec may run, resolved once when the configuration is read. A node
 * names one either by the bare name an admin listed ({@code git}) or by an absolute path
 * that is exactly a listed path or the path a listed name resolved to ({@code /usr/bin/git}).
 * Nothing else matches: no relative paths ({@code ./git}), no {@code .} or {@code ..}
 * segments ({@code /bin/../bin/sh}), no doubled slashes, no other file with the same name.
 * The process is always started with the entry's resolved path, never with the node's text.
 * Immutable.
 */
final class AllowList {

    /** The only PATH: names are looked up in it, and it is the child's PATH. */
    static final String FIXED_PATH = "/usr/local/bin:/usr/bin:/bin";

    private static final Logger LOG = LoggerFactory.getLogger(AllowList.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_+][A-Za-z0-9._+-]{0,127}");
    /** Listing one of these lets a workflow run anything: allowed, but the admin is warned. */
    private static final Set<String> LAUNCHERS = Set.of("sh", "bash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh",
            "fish", "busybox", "env", "sudo", "su", "doas", "xargs", "nohup", "timeout", "nice", "ionice", "setsid",
            "stdbuf", "chroot", "perl", "ruby", "node", "php", "lua", "awk", "gawk", "find", "ssh");

    /**
     * One allowed executable.
     *
     * @param configured the entry as the admin wrote it
     * @param path the absolute path that is run (a name's first match in {@link #FIXED_PATH})
     */
    record Executable(String configured, Path path) {
    }

    private final List<Executable> entries;

    private AllowList(List<Executable> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Entries that are not executable files (or not absolute paths / plain names) are logged and left out. */
    static AllowList of(String[] configured, Function<Path, Boolean> isExecutable) {
        List<Executable> entries = new ArrayList<>();
        for (String entry : configured == null ? new String[0] : configured) {
            for (String one : entry.split(",")) {
                String text = one.trim();
                if (!text.isEmpty()) {
                    Executable e = resolve(text, isExecutable);
                    if (e != null) {
                        entries.add(e);
                        String name = e.path().getFileName().toString().toLowerCase(Locale.ROOT);
                        if (LAUNCHERS.contains(name) || name.startsWith("python")) {
                            LOG.warn("shell.exec allow-lists '{}', a shell or launcher: through it a workflow can run "
                                    + "any program", text);
                        }
                    }
                }
            }
        }
        return new AllowList(entries);
    }

    static AllowList of(String[] configured) {
        return of(configured, p -> Files.isRegularFile(p) && Files.isExecutable(p));
    }

    private static Executable resolve(String text, Function<Path, Boolean> isExecutable) {
        if (text.indexOf('/') < 0) {
            if (!NAME.matcher(text).matches()) {
                LOG.warn("shell.exec allow-list entry '{}' ignored: not a plain executable name", text);
                return null;
            }
            for (String dir : FIXED_PATH.split(":")) {
                Path candidate = Path.of(dir, text);
                if (isExecutable.apply(candidate)) {
                    return new Executable(text, candidate);
                }
            }
            LOG.warn("shell.exec allow-list entry '{}' ignored: no executable of that name in {}", text, FIXED_PATH);
            return null;
        }
        if (!clean(text)) {
            LOG.warn("shell.exec allow-list entry '{}' ignored: give an absolute path without '.' or '..' segments", text);
            return null;
        }
        Path path = Path.of(text);
        if (!isExecutable.apply(path)) {
            LOG.warn("shell.exec allow-list entry '{}' ignored: not an executable file", text);
            return null;
        }
        return new Executable(text, path);
    }

    /** An absolute path written plainly: no '.', '..' or empty segments, no trailing slash. */
    private static boolean clean(String text) {
        if (!text.startsWith("/") || text.endsWith("/") || text.contains("//") || text.indexOf('\0') >= 0) {
            return false;
        }
        try {
            Path p = Path.of(text);
            return p.normalize().toString().equals(text) && !text.contains("/./") && !text.contains("/../");
        } catch (InvalidPathException e) {
            return false;
        }
    }

    List<Executable> entries() {
        return entries;
    }

    /**
     * The entry {@code argv0} names.
     *
     * @throws io.devrig.api.error.DevRigException {@link ShellErrors#COMMAND_REFUSED} naming
     *         the rule, for anything that is not exactly an allowed name or path
     */
    Executable match(String argv0) {
        if (entries.isEmpty()) {
            throw ShellErrors.refused("no executables are allow-listed (configuration " + ShellConfig.PID
                    + ", key allowed), so shell.exec runs nothing");
        }
        if (argv0.indexOf('/') < 0) {
            for (Executable e : entries) {
                if (e.configured().equals(argv0)) {
                    return e;
                }
            }
            throw ShellErrors.refused("'" + argv0 + "' is not an allow-listed executable (configuration "
                    + ShellConfig.PID + ", key allowed)");
        }
        if (!clean(argv0)) {
            throw ShellErrors.refused("'" + argv0 + "' is refused: an executable is named by its allow-listed name or "
                    + "exact absolute path, without relative, '.' or '..' parts");
        }
        for (Executable e : entries) {
            if (e.path().toString().equals(argv0)) {
                return e;
            }
        }
        throw ShellErrors.refused("'" + argv0 + "' is not an allow-listed executable (configuration "
                + ShellConfig.PID + ", key allowed)");
    }

    /** For the log: what each entry resolved to. */
    @Override
    public String toString() {
        return entries.stream().map(e -> e.configured().equals(e.path().toString()) ? e.configured()
                : e.configured() + " -> " + e.path()).toList().toString();
    }
}
