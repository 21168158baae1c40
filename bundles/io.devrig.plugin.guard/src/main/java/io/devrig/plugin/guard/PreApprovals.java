package io.devrig.plugin.guard;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Permissions an admin approves before a plugin is installed, e.g. for the plugins a
 * distribution ships: configuration {@value #PID}, property {@code preApproved}, entries
 * {@code <pluginId>=<permission>[,<permission>...]} separated by {@code ;} (or given as a
 * String[]). A plugin gets the requested permissions its entry lists, recorded as grants
 * like any other; anything it asks for beyond them still waits for an admin.
 * <p>
 * One reader for the two bundles that need it: the host (grants at judgement) and the
 * guard (admission at boot, before the host runs). A malformed value counts as no
 * pre-approval for both; the host logs it.
 */
public final class PreApprovals {

    /** The plugin host's configuration PID, where {@code preApproved} lives. */
    public static final String PID = "io.devrig.plugin.host";
    public static final PreApprovals NONE = new PreApprovals(Map.of());

    private final Map<String, Set<String>> byPlugin;

    private PreApprovals(Map<String, Set<String>> byPlugin) {
        this.byPlugin = byPlugin;
    }

    /**
     * Reads the property value (a String, String[] or collection of entries).
     *
     * @throws IllegalArgumentException naming an entry without {@code =}
     */
    public static PreApprovals parse(Object value) {
        List<String> entries;
        if (value == null) {
            return NONE;
        } else if (value instanceof String[] array) {
            entries = Arrays.asList(array);
        } else if (value instanceof java.util.Collection<?> c) {
            entries = c.stream().map(String::valueOf).toList();
        } else {
            entries = List.of(String.valueOf(value));
        }
        Map<String, Set<String>> map = new HashMap<>();
        for (String joined : entries) {
            for (String entry : joined.split(";")) {
                if (entry.isBlank()) {
                    continue;
                }
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("preApproved entry '" + entry.strip()
                            + "' is not <pluginId>=<permission>[,<permission>...]");
                }
                Set<String> perms = Arrays.stream(entry.substring(eq + 1).split(",")).map(String::strip)
                        .filter(p -> !p.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
                map.computeIfAbsent(entry.substring(0, eq).strip(), k -> new TreeSet<>()).addAll(perms);
            }
        }
        return map.isEmpty() ? NONE : new PreApprovals(Map.copyOf(map));
    }

    /** Requested permissions not granted yet that the plugin's entry approves. */
    public Set<String> grantable(String pluginId, Set<String> requested, Set<String> granted) {
        Set<String> approved = byPlugin.getOrDefault(pluginId, Set.of());
        return requested.stream().filter(approved::contains).filter(p -> !granted.contains(p))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The permissions pre-approved for the plugin, empty when none. */
    public Set<String> approved(String pluginId) {
        return byPlugin.getOrDefault(pluginId, Set.of());
    }

    @Override
    public String toString() {
        return byPlugin.toString();
    }
}
