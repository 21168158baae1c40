package io.devrig.common.json;

import java.util.List;

/**
 * The one way an error message names a place in a JSON value: JSONPath notation from
 * {@code $}, {@code .name} for keys that are plain names, {@code [0]} for array indexes
 * and {@code ['any key']} for every other key (quotes and backslashes escaped with a
 * backslash): {@code $.items[0].name}, {@code $.labels['team.backend']}. A key longer than
 * {@value #MAX_KEY_SHOWN} characters is cut ({@code …}), so a hostile key cannot flood a message.
 */
public final class JsonPathText {

    /** The whole value. */
    public static final String ROOT = "$";

    /** The longest key shown in full. */
    public static final int MAX_KEY_SHOWN = 64;

    private JsonPathText() {
    }

    /** {@code parent.key}, or {@code parent['key']} when the key is not a plain name. */
    public static String key(String parent, String key) {
        String shown = key.length() <= MAX_KEY_SHOWN ? key : key.substring(0, MAX_KEY_SHOWN) + "…";
        if (isName(key)) {
            return parent + "." + shown;
        }
        return parent + "['" + shown.replace("\\", "\\\\").replace("'", "\\'") + "']";
    }

    /** {@code [A-Za-z_$][A-Za-z0-9_$-]*}, without a regular expression: paths are written in loops. */
    static boolean isName(String key) {
        if (key.isEmpty()) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$';
            if (!letter && (i == 0 || !((c >= '0' && c <= '9') || c == '-'))) {
                return false;
            }
        }
        return true;
    }

    /** {@code parent[i]}. */
    public static String index(String parent, int i) {
        return parent + "[" + i + "]";
    }

    /** The path of {@code steps} below {@code parent}: {@code String} keys and {@code Integer} indexes. */
    public static String of(String parent, List<?> steps) {
        String path = parent;
        for (Object step : steps) {
            path = step instanceof Integer i ? index(path, i) : key(path, String.valueOf(step));
        }
        return path;
    }

    /** {@link #of(String, List)} from {@link #ROOT}. */
    public static String of(List<?> steps) {
        return of(ROOT, steps);
    }
}
