package io.devrig.plugin.git.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Resolves the configured roots and finds repositories below them: a folder with a
 * {@code .git} entry, searched to a bounded depth, never following symbolic links and not
 * descending into a repository (nested repositories/submodules are the parent's business).
 */
public final class RepositoryScanner {

    public static final int DEFAULT_DEPTH = 3;
    public static final List<String> DEFAULT_ROOTS = List.of("~/src", "~/code", "~/projects", "~/work", "~/git");

    private final List<Path> roots;
    private final int maxDepth;

    public RepositoryScanner(List<Path> roots, int maxDepth) {
        this.roots = List.copyOf(roots);
        this.maxDepth = maxDepth;
    }

    /** Reads {@code roots} and {@code maxDepth} from a config map; missing roots use the defaults that exist. */
    public static RepositoryScanner fromConfig(Map<String, ?> config, Path home) {
        Object rawRoots = config.get("roots");
        List<String> names;
        if (rawRoots == null) {
            names = DEFAULT_ROOTS;
        } else if (rawRoots instanceof List<?> list) {
            names = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String s) || s.isBlank()) {
                    throw invalid("$.roots[" + i + "] must be a non-empty string");
                }
                names.add(s);
            }
        } else {
            throw invalid("$.roots must be an array of folder paths");
        }
        int depth = DEFAULT_DEPTH;
        Object rawDepth = config.get("maxDepth");
        if (rawDepth != null) {
            if (!(rawDepth instanceof Number n) || n.intValue() < 0 || n.intValue() > 6) {
                throw invalid("$.maxDepth must be an integer from 0 to 6");
            }
            depth = n.intValue();
        }
        List<Path> resolved = new ArrayList<>();
        for (String name : names) {
            Path p = expand(name, home);
            if (Files.isDirectory(p)) {
                try {
                    resolved.add(p.toRealPath());
                } catch (IOException e) {
                    // an unreadable root is skipped like a missing one
                }
            }
        }
        return new RepositoryScanner(resolved, depth);
    }

    static Path expand(String name, Path home) {
        if (name.equals("~")) {
            return home;
        }
        if (name.startsWith("~/")) {
            return home.resolve(name.substring(2));
        }
        return Path.of(name).toAbsolutePath();
    }

    public List<Path> roots() {
        return roots;
    }

    /** Canonical repository paths, sorted. */
    public List<Path> scan() {
        TreeSet<Path> found = new TreeSet<>();
        for (Path root : roots) {
            walk(root, 0, found);
        }
        return List.copyOf(found);
    }

    private void walk(Path dir, int depth, TreeSet<Path> found) {
        if (Files.exists(dir.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            found.add(dir);
            return;
        }
        if (depth >= maxDepth) {
            return;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)
                        && !child.getFileName().toString().startsWith(".")) {
                    walk(child, depth + 1, found);
                }
            }
        } catch (IOException e) {
            // unreadable folder: nothing to report there
        }
    }

    /**
     * The canonical form of {@code path} if it is a repository inside a root; otherwise an
     * INVALID_INPUT error (so actions cannot be pointed at arbitrary folders).
     */
    public Path requireInside(String path) {
        if (path == null || path.isBlank()) {
            throw invalid("$.path is required (or $.item.metadata.path)");
        }
        Path real;
        try {
            real = Path.of(path).toRealPath();
        } catch (IOException | RuntimeException e) {
            throw invalid("$.path '" + path + "' does not exist");
        }
        boolean inside = roots.stream().anyMatch(real::startsWith);
        if (!inside) {
            throw invalid("$.path '" + path + "' is outside the configured roots " + roots);
        }
        if (!Files.exists(real.resolve(".git"), LinkOption.NOFOLLOW_LINKS)) {
            throw invalid("$.path '" + path + "' is not a git repository");
        }
        return real;
    }

    static DevRigException invalid(String message) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message);
    }
}
