package io.devrig.plugin.guard.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The host's {@code preApproved} property, read from Config Admin without binding the
 * configuration (listConfigurations, not getConfiguration). Only loaded when Config Admin's
 * package is wired: the guard imports it optionally.
 */
final class PreApprovalReader {

    static final String HOST_PID = "io.devrig.plugin.host";

    private PreApprovalReader() {
    }

    static Map<String, Set<String>> read(Object configAdmin) {
        if (!(configAdmin instanceof ConfigurationAdmin cm)) {
            return Map.of();
        }
        try {
            Configuration[] configs = cm.listConfigurations("(service.pid=" + HOST_PID + ")");
            if (configs == null || configs.length == 0 || configs[0].getProperties() == null) {
                return Map.of();
            }
            return parse(configs[0].getProperties().get("preApproved"));
        } catch (java.io.IOException | org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException("cannot list configuration " + HOST_PID, e);
        }
    }

    /** As the host's PreApprovals: {@code <pluginId>=<perm>[,<perm>...]} entries separated by {@code ;}; bad entries are skipped. */
    static Map<String, Set<String>> parse(Object value) {
        List<String> entries;
        if (value == null) {
            return Map.of();
        } else if (value instanceof String[] array) {
            entries = Arrays.asList(array);
        } else if (value instanceof Collection<?> c) {
            entries = c.stream().map(String::valueOf).toList();
        } else {
            entries = List.of(String.valueOf(value));
        }
        Map<String, Set<String>> map = new HashMap<>();
        for (String joined : entries) {
            for (String entry : joined.split(";")) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    continue;   // the host reports malformed entries; the guard just does not pre-approve them
                }
                Set<String> perms = Arrays.stream(entry.substring(eq + 1).split(",")).map(String::strip)
                        .filter(p -> !p.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
                map.computeIfAbsent(entry.substring(0, eq).strip(), k -> new TreeSet<>()).addAll(perms);
            }
        }
        return map;
    }
}
