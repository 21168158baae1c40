package io.devrig.trigger.file.internal;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A filesystem trigger's configuration, checked: the glob patterns to watch (each with the
 * folder it starts in, the part before its first glob character), the patterns to ignore,
 * the events, the debounce, the depth and whether symbolic links are followed.
 */
record WatchSpec(List<Include> includes, List<PathMatcher> ignores, Set<String> events, long debounceMs,
        boolean followSymlinks, int depth) {

    static final long DEFAULT_DEBOUNCE_MS = 300;
    static final long MAX_DEBOUNCE_MS = 60_000;
    static final int MAX_DEPTH = 32;
    static final Set<String> EVENTS = Set.of("add", "change", "unlink");
    private static final Set<String> FIELDS = Set.of("paths", "events", "debounceMs", "ignorePatterns",
            "followSymlinks", "depth");

    /** One watched pattern: where watching starts and what matches. */
    record Include(String pattern, Path root, PathMatcher matcher) {
    }

    /**
     * Parses and checks a configuration. {@code problems} gets one {@code $.trigger...: message}
     * line per mistake; the result is null when there was any.
     *
     * @param allowed the folders paths must lie in (real paths)
     * @param forbidden folders never watched, even inside an allowed one (DevRig's data and etc)
     */
    static WatchSpec parse(Map<String, Object> config, List<Path> allowed, List<Path> forbidden, List<String> problems) {
        for (String key : config.keySet()) {
            if (!FIELDS.contains(key)) {
                problems.add("$.trigger." + key + ": unknown field; this trigger type knows "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        List<Include> includes = new ArrayList<>();
        List<String> paths = strings(config, "paths", problems);
        if (paths == null || paths.isEmpty()) {
            problems.add("$.trigger.paths: required: one or more absolute paths or glob patterns, e.g. "
                    + "\"~/notes/**/*.md\"");
        } else {
            for (int i = 0; i < paths.size(); i++) {
                String where = "$.trigger.paths[" + i + "]";
                String pattern = home(paths.get(i));
                Path root = staticRoot(pattern);
                if (root == null || !root.isAbsolute()) {
                    problems.add(where + ": must be an absolute path (or start with ~/)");
                    continue;
                }
                Path normal = root.normalize();
                if (!normal.equals(root)) {
                    problems.add(where + ": must not contain . or .. segments");
                    continue;
                }
                if (allowed.stream().noneMatch(normal::startsWith)) {
                    problems.add(where + ": " + normal + " is outside the folders an admin allows filesystem triggers "
                            + "to watch (io.devrig.trigger.file roots: " + allowed + ")");
                    continue;
                }
                if (forbidden.stream().anyMatch(f -> normal.startsWith(f) || f.startsWith(normal))) {
                    problems.add(where + ": DevRig's own data and etc folders are never watched");
                    continue;
                }
                try {
                    includes.add(new Include(pattern, normal, FileSystems.getDefault().getPathMatcher("glob:" + pattern)));
                } catch (RuntimeException e) {
                    problems.add(where + ": not a valid glob pattern: " + e.getMessage());
                }
            }
        }
        List<PathMatcher> ignores = new ArrayList<>();
        List<String> ignorePatterns = strings(config, "ignorePatterns", problems);
        if (ignorePatterns != null) {
            for (int i = 0; i < ignorePatterns.size(); i++) {
                try {
                    ignores.add(FileSystems.getDefault().getPathMatcher("glob:" + home(ignorePatterns.get(i))));
                } catch (RuntimeException e) {
                    problems.add("$.trigger.ignorePatterns[" + i + "]: not a valid glob pattern: " + e.getMessage());
                }
            }
        }
        Set<String> events = new LinkedHashSet<>(EVENTS);
        List<String> listed = strings(config, "events", problems);
        if (listed != null) {
            if (listed.isEmpty() || !EVENTS.containsAll(listed)) {
                problems.add("$.trigger.events: must list add, change and/or unlink");
            } else {
                events = new LinkedHashSet<>(listed);
            }
        }
        long debounce = number(config, "debounceMs", DEFAULT_DEBOUNCE_MS, 0, MAX_DEBOUNCE_MS, problems);
        int depth = (int) number(config, "depth", MAX_DEPTH, 0, MAX_DEPTH, problems);
        Object follow = config.get("followSymlinks");
        if (follow != null && !(follow instanceof Boolean)) {
            problems.add("$.trigger.followSymlinks: must be true or false");
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new WatchSpec(includes, ignores, events, debounce, Boolean.TRUE.equals(follow), depth);
    }

    boolean matches(Path file) {
        return includes.stream().anyMatch(i -> i.matcher().matches(file)) && ignores.stream().noneMatch(m -> m.matches(file));
    }

    /** {@code ~/x} as the user's home; anything else as it is. */
    static String home(String path) {
        return path.startsWith("~/") ? System.getProperty("user.home") + path.substring(1) : path;
    }

    /** The folder a pattern starts in: its path up to the segment with the first glob character. */
    static Path staticRoot(String pattern) {
        int glob = firstGlob(pattern);
        String fixed = glob < 0 ? pattern : pattern.substring(0, Math.max(0, pattern.lastIndexOf('/', glob)));
        if (fixed.isEmpty()) {
            fixed = "/";
        }
        try {
            return Path.of(fixed);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static int firstGlob(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{' || c == '\\') {
                return i;
            }
        }
        return -1;
    }

    private static List<String> strings(Map<String, Object> config, String field, List<String> problems) {
        Object v = config.get(field);
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> list && list.stream().allMatch(o -> o instanceof String s && !s.isBlank())) {
            return list.stream().map(String.class::cast).toList();
        }
        problems.add("$.trigger." + field + ": must be a list of non-empty strings");
        return null;
    }

    private static long number(Map<String, Object> config, String field, long fallback, long min, long max,
            List<String> problems) {
        Object v = config.get(field);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() >= min
                && n.longValue() <= max) {
            return n.longValue();
        }
        problems.add("$.trigger." + field + ": must be a whole number from " + min + " to " + max);
        return fallback;
    }
}
