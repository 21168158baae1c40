package io.devrig.action.internal;

import io.devrig.common.json.JsonPathText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where a value sits in a config or input, printed as a JSON path ({@code $.items[0].name},
 * {@code $['a b']}). A linked list so that descending costs one small object and the text
 * is only built when a problem is reported.
 */
final class Location {

    static final Location ROOT = new Location(null, null, -1);

    private final Location parent;
    private final String key; // null for an index
    private final int index;

    private Location(Location parent, String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    Location key(String name) {
        return new Location(this, name, -1);
    }

    Location index(int i) {
        return new Location(this, null, i);
    }

    /** The steps from the root: {@code String} keys and {@code Integer} indices. */
    List<Object> steps() {
        List<Object> steps = new ArrayList<>();
        for (Location l = this; l.parent != null; l = l.parent) {
            steps.add(l.key != null ? l.key : Integer.valueOf(l.index));
        }
        Collections.reverse(steps);
        return steps;
    }

    @Override
    public String toString() {
        return format(steps());
    }

    /** A JSON path from steps ({@code String} keys, {@code Integer} indices), in the one format of {@link JsonPathText}. */
    static String format(List<?> steps) {
        return JsonPathText.of(steps);
    }
}
