package io.devrig.plugin.github.internal;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Typed reads of an admin's JSON config with errors that name the JSON path. */
final class Config {

    private final Map<String, Object> values;

    Config(Map<String, Object> values, Set<String> known) {
        this.values = values == null ? Map.of() : values;
        Set<String> unknown = new TreeSet<>(this.values.keySet());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw GitHubErrors.invalid("$." + unknown.iterator().next() + ": unknown setting (allowed: "
                    + String.join(", ", new TreeSet<>(known)) + ")");
        }
    }

    Object raw(String key) {
        return values.get(key);
    }

    boolean bool(String key, boolean fallback) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw GitHubErrors.invalid("$." + key + ": must be true or false");
        }
        return b;
    }

    int integer(String key, int fallback, int min, int max) {
        Object v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                || n.doubleValue() < min || n.doubleValue() > max) {
            throw GitHubErrors.invalid("$." + key + ": must be a whole number from " + min + " to " + max);
        }
        return n.intValue();
    }
}
