package io.devrig.action.data.internal;

import java.util.List;
import java.util.Map;

/**
 * A dotted path into an element ({@code order.lines.0.price}): a segment reads an object by
 * key, or an array by a whole number. Nothing else is followed (no methods, no reflection).
 */
final class FieldPath {

    /** What a path that leads nowhere resolves to (distinct from an explicit null). */
    static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    private final String text;
    private final String[] segments;

    private FieldPath(String text, String[] segments) {
        this.text = text;
        this.segments = segments;
    }

    /**
     * Parses {@code text}, the value at input path {@code where}.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} for an empty path or segment
     */
    static FieldPath parse(String text, String where) {
        if (text.isEmpty()) {
            throw DataErrors.invalid(where, "must not be empty");
        }
        String[] segments = text.split("\\.", -1);
        for (int i = 0; i < segments.length; i++) {
            if (segments[i].isEmpty()) {
                throw DataErrors.invalid(where, "segment " + (i + 1) + " of '" + text + "' is empty");
            }
        }
        return new FieldPath(text, segments);
    }

    /** The value at this path, {@link #MISSING} when it leads nowhere. */
    Object resolve(Object root) {
        Object current = root;
        for (String segment : segments) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(segment)) {
                    return MISSING;
                }
                current = map.get(segment);
            } else if (current instanceof List<?> list) {
                int index = index(segment);
                if (index < 0 || index >= list.size()) {
                    return MISSING;
                }
                current = list.get(index);
            } else {
                return MISSING;
            }
        }
        return current;
    }

    /** The JSON path of this field inside {@code element} (for messages). */
    String at(String element) {
        String path = element;
        for (String segment : segments) {
            path = index(segment) >= 0 ? Json.index(path, index(segment)) : Json.child(path, segment);
        }
        return path;
    }

    @Override
    public String toString() {
        return text;
    }

    /** A whole number without sign or leading zeros, else -1. */
    private static int index(String segment) {
        if (segment.length() > 9 || segment.length() > 1 && segment.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            if (segment.charAt(i) < '0' || segment.charAt(i) > '9') {
                return -1;
            }
        }
        return Integer.parseInt(segment);
    }
}
