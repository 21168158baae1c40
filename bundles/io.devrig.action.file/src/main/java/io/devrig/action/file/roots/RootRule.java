package io.devrig.action.file.roots;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one rule that confines file actions (and the working directory of {@code shell.exec})
 * to the folders an admin configured. A path is allowed when, after every symbolic link of
 * its existing part is resolved, it lies inside one of the roots (resolved the same way) and
 * not inside one of DevRig's protected folders ({@code data/}, {@code etc/}), even when that
 * folder is inside a root. Paths must be absolute and may not contain a {@code ..} segment at
 * all, so a path never means something else after a symbolic link.
 *
 * <p>Roots are resolved on every call, so a root created (or re-linked) after the
 * configuration was read counts from then on. Immutable and thread-safe.
 */
public final class RootRule implements FileRoots {

    /** The error code of a refused path (category permanent); details {@code rule} say which rule refused it. */
    public static final String PATH_REFUSED = "FILE_PATH_REFUSED";

    /** Rule names, in {@code details.rule} of a refusal. */
    public static final String RULE_NO_ROOTS = "no-roots";
    public static final String RULE_SYNTAX = "syntax";
    public static final String RULE_ABSOLUTE = "absolute";
    public static final String RULE_PARENT = "no-parent-segments";
    public static final String RULE_OUTSIDE = "inside-a-root";
    public static final String RULE_PROTECTED = "not-devrig-data-or-etc";

    static final int MAX_PATH_CHARS = 4096;

    private final List<Path> roots;
    private final List<Path> protectedFolders;
    private final String configHint;

    /**
     * @param roots absolute folders (not yet resolved: that happens on every call)
     * @param protectedFolders DevRig's own folders, refused even inside a root
     * @param configHint where an admin sets the roots, for the refusal message (e.g. the PID and key)
     */
    public RootRule(Collection<Path> roots, Collection<Path> protectedFolders, String configHint) {
        this.roots = roots.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
        this.protectedFolders = protectedFolders.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
        this.configHint = configHint;
    }

    /** The configured roots, absolute and normalised (symbolic links not resolved). */
    @Override
    public List<Path> roots() {
        return roots;
    }

    @Override
    public Path confine(String path) {
        if (roots.isEmpty()) {
            throw refused(RULE_NO_ROOTS, "no file roots are configured (" + configHint
                    + "), so no path is allowed");
        }
        if (path == null || path.isBlank() || path.length() > MAX_PATH_CHARS || path.indexOf('\0') >= 0) {
            throw refused(RULE_SYNTAX, "the path must be 1 to " + MAX_PATH_CHARS + " characters without NUL");
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw refused(RULE_SYNTAX, "'" + path + "' is not a valid path");
        }
        if (!p.isAbsolute()) {
            throw refused(RULE_ABSOLUTE, "'" + path + "' is not absolute; give the full path inside a root");
        }
        for (Path name : p) {
            if (name.toString().equals("..")) {
                // refused outright: with a symbolic link before it, '..' would not mean what it reads as
                throw refused(RULE_PARENT, "'" + path + "' contains '..'");
            }
        }
        Path real = real(p.normalize());
        List<Path> realRoots = new ArrayList<>(roots.size());
        for (Path root : roots) {
            realRoots.add(real(root));
        }
        if (realRoots.stream().noneMatch(real::startsWith)) {
            throw refused(RULE_OUTSIDE, "'" + path + "'" + (real.equals(p.normalize()) ? "" : " (resolved through a symbolic link)")
                    + " is outside every configured file root (" + configHint + ")");
        }
        for (Path folder : protectedFolders) {
            if (real.startsWith(real(folder))) {
                throw refused(RULE_PROTECTED, "'" + path + "' is inside DevRig's own " + folder.getFileName()
                        + " folder, which file actions never touch");
            }
        }
        return real;
    }

    /**
     * The path with every symbolic link of its longest existing prefix resolved; the part
     * that does not exist yet is appended as written (it has no links to follow).
     */
    static Path real(Path absolute) {
        Path existing = absolute;
        while (existing != null) {
            try {
                Path resolved = existing.toRealPath();
                return existing == absolute ? resolved : resolved.resolve(existing.relativize(absolute)).normalize();
            } catch (NoSuchFileException e) {
                // a dangling link is as good as missing here: its target is checked once it exists
                if (Files.isSymbolicLink(existing)) {
                    throw refused(RULE_OUTSIDE, "'" + absolute + "' goes through a symbolic link whose target does not exist");
                }
                existing = existing.getParent();
            } catch (IOException | SecurityException e) {
                throw refused(RULE_SYNTAX, "'" + absolute + "' cannot be resolved: " + e.getClass().getSimpleName());
            }
        }
        return absolute;
    }

    private static DevRigException refused(String rule, String message) {
        return new DevRigException(DevRigError.of(PATH_REFUSED, ErrorCategory.PERMANENT,
                "path refused by the file root rule '" + rule + "': " + message).withDetails(Map.of("rule", rule)));
    }
}
