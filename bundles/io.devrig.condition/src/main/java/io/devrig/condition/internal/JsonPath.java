package io.devrig.condition.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A data path such as {@code trigger.payload.items[0].title}: names separated by dots,
 * array indexes in brackets, and quoted names in brackets for keys holding dots or
 * brackets ({@code labels["team.backend"]}). A name made of digits also indexes an
 * array ({@code items.0}), as lodash's {@code get} does. Resolution never throws: a
 * path that leads nowhere is absent (null).
 */
final class JsonPath {

    private static final int MAX_INDEX_DIGITS = 9;

    private final String text;
    /** String (object key) or Integer (array index). */
    private final List<Object> segments;

    private JsonPath(String text, List<Object> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /** The path of the whole value. */
    static final JsonPath ROOT = new JsonPath("", List.of());

    /**
     * Parses a path; the empty string is {@link #ROOT}.
     *
     * @throws IllegalArgumentException saying what is wrong and where
     */
    static JsonPath parse(String text) {
        List<Object> segments = new ArrayList<>();
        int i = 0;
        int n = text.length();
        boolean expectName = true; // at the start or after a dot
        while (i < n) {
            char c = text.charAt(i);
            if (c == '[') {
                if (expectName && i > 0) {
                    throw new IllegalArgumentException("'.' must be followed by a name, not '[' (at position " + i + ")");
                }
                int close;
                if (i + 1 < n && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\'')) {
                    StringBuilder name = new StringBuilder();
                    close = quoted(text, i + 1, name);
                    segments.add(name.toString());
                } else {
                    close = text.indexOf(']', i);
                    if (close < 0) {
                        throw new IllegalArgumentException("'[' at position " + i + " is not closed");
                    }
                    String digits = text.substring(i + 1, close);
                    if (digits.isEmpty() || digits.length() > MAX_INDEX_DIGITS || !digits.chars().allMatch(Character::isDigit)) {
                        throw new IllegalArgumentException("'[" + digits + "]' at position " + i
                                + " is not an array index (digits) or a quoted name");
                    }
                    segments.add(Integer.parseInt(digits));
                }
                i = close + 1;
                expectName = false;
                if (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
                    throw new IllegalArgumentException("expected '.' or '[' at position " + i);
                }
            } else if (c == '.') {
                if (expectName) {
                    throw new IllegalArgumentException("empty name at position " + i);
                }
                expectName = true;
                i++;
                if (i == n) {
                    throw new IllegalArgumentException("ends with '.'");
                }
            } else if (c == ']') {
                throw new IllegalArgumentException("unexpected ']' at position " + i);
            } else {
                if (!expectName) {
                    throw new IllegalArgumentException("expected '.' or '[' at position " + i);
                }
                int end = i;
                while (end < n && ".[]".indexOf(text.charAt(end)) < 0) {
                    end++;
                }
                segments.add(text.substring(i, end));
                i = end;
                expectName = false;
            }
        }
        return segments.isEmpty() ? ROOT : new JsonPath(text, segments);
    }

    /** Reads a quoted name starting at {@code open} (the quote) into {@code out}; returns the index of ']'. */
    private static int quoted(String text, int open, StringBuilder out) {
        char quote = text.charAt(open);
        int i = open + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                out.append(text.charAt(i + 1));
                i += 2;
            } else if (c == quote) {
                if (i + 1 >= text.length() || text.charAt(i + 1) != ']') {
                    throw new IllegalArgumentException("quoted name at position " + open + " must be followed by ']'");
                }
                return i + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        throw new IllegalArgumentException("quoted name at position " + open + " is not closed");
    }

    /** The value at this path under {@code root}, or null when there is none. */
    JsonNode resolve(JsonNode root) {
        JsonNode current = root;
        for (Object segment : segments) {
            if (current == null) {
                return null;
            }
            if (segment instanceof Integer index) {
                current = current.isArray() ? current.get(index) : null;
            } else {
                String name = (String) segment;
                if (current.isObject()) {
                    current = current.get(name);
                } else if (current.isArray() && isIndex(name)) {
                    current = current.get(Integer.parseInt(name));
                } else {
                    current = null;
                }
            }
        }
        return current == null || current.isMissingNode() ? null : current;
    }

    private static boolean isIndex(String name) {
        return !name.isEmpty() && name.length() <= MAX_INDEX_DIGITS && name.chars().allMatch(Character::isDigit);
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    List<Object> segments() {
        return segments;
    }

    @Override
    public String toString() {
        return text;
    }
}
