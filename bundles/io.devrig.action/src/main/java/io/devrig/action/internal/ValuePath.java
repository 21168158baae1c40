package io.devrig.action.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A data path such as {@code nodes.fetch.output.items.0.name} or {@code items[0]}: the
 * paths of value references and whole-value templates. Evaluation looks keys up in
 * {@link Map}s and indices in {@link List}s and nothing else: no reflection, no method
 * call on any other object, so a path can only read the data it is given.
 *
 * <p>Names follow the template engine: a letter, {@code _} or {@code $}, then letters,
 * digits, {@code _}, {@code $} or {@code -}. After a dot a segment may also be a whole
 * number (an index, or a key of digits in an object). {@code [n]} is an index.
 */
final class ValuePath {

    /** One step: a key, and its value as an index when it is a whole number (else -1). */
    record Segment(String key, int index) {
    }

    // {{ path }} and nothing else (no helpers, literals, this, @root, ../)
    private static final Pattern WHOLE = Pattern.compile("\\{\\{\\s*([^\\s{}()\"'!#/^>&]+)\\s*}}");
    private static final int MAX_SEGMENTS = 256;

    private final String text;
    private final List<Segment> segments;

    private ValuePath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /**
     * The path of a string that is exactly one <code>{{path}}</code> (surrounding spaces
     * ignored), or empty when the string is some other template.
     */
    static Optional<ValuePath> wholeValue(String value) {
        String trimmed = value.strip();
        if (!trimmed.startsWith("{{") || !trimmed.endsWith("}}")) {
            return Optional.empty();
        }
        Matcher m = WHOLE.matcher(trimmed);
        if (!m.matches()) {
            return Optional.empty();
        }
        String path = m.group(1);
        String first = path.split("[.\\[]", 2)[0];
        // literals and the template engine's own names render as templates, not as data paths
        if (first.equals("true") || first.equals("false") || first.equals("null") || first.equals("this")) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(path));
        } catch (IllegalArgumentException notAPath) {
            return Optional.empty();
        }
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException saying what is wrong (the path text is the user's
     *         own, not data, so it may be quoted)
     */
    static ValuePath parse(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("the path is empty");
        }
        String p = path.strip();
        List<Segment> segments = new ArrayList<>();
        int i = 0;
        int n = p.length();
        boolean expectName = true; // at the start and after a dot
        boolean first = true;
        while (i < n) {
            if (segments.size() >= MAX_SEGMENTS) {
                throw new IllegalArgumentException("the path has more than " + MAX_SEGMENTS + " segments");
            }
            char c = p.charAt(i);
            if (expectName) {
                int start = i;
                if (!first && isDigit(c)) {
                    while (i < n && isDigit(p.charAt(i))) {
                        i++;
                    }
                    if (i < n && isNamePart(p.codePointAt(i))) {
                        throw bad(path, start, "a segment that starts with a digit must be a whole number");
                    }
                    segments.add(new Segment(p.substring(start, i), index(p.substring(start, i), path, start)));
                } else {
                    int cp = p.codePointAt(i);
                    if (!isNameStart(cp)) {
                        throw bad(path, i, "expected a name");
                    }
                    i += Character.charCount(cp);
                    while (i < n && isNamePart(p.codePointAt(i))) {
                        i += Character.charCount(p.codePointAt(i));
                    }
                    segments.add(new Segment(p.substring(start, i), -1));
                }
                expectName = false;
                first = false;
            } else if (c == '.') {
                i++;
                if (i == n) {
                    throw bad(path, i, "the path ends with a dot");
                }
                expectName = true;
            } else if (c == '[') {
                int close = p.indexOf(']', i);
                if (close < 0) {
                    throw bad(path, i, "'[' without ']'");
                }
                String digits = p.substring(i + 1, close);
                if (digits.isEmpty() || !digits.chars().allMatch(ValuePath::isDigit)) {
                    throw bad(path, i, "an index in [] must be a whole number");
                }
                segments.add(new Segment(digits, index(digits, path, i + 1)));
                i = close + 1;
            } else {
                throw bad(path, i, "expected '.' or '['");
            }
        }
        return new ValuePath(p, segments);
    }

    /** The value at this path in {@code root}, or null when any step is missing. */
    Object get(Object root) {
        Object current = root;
        for (Segment s : segments) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(s.key());
            } else if (current instanceof List<?> list && s.index() >= 0) {
                current = s.index() < list.size() ? list.get(s.index()) : null;
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    List<Segment> segments() {
        return segments;
    }

    @Override
    public String toString() {
        return text;
    }

    private static int index(String digits, String path, int at) {
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw bad(path, at, "an index has no leading zeros");
        }
        if (digits.length() > 9) {
            return Integer.MAX_VALUE; // no list is that long: a missing element
        }
        return Integer.parseInt(digits);
    }

    private static IllegalArgumentException bad(String path, int at, String why) {
        return new IllegalArgumentException("invalid path '" + path + "' at character " + (at + 1) + ": " + why);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(int cp) {
        return Character.isLetter(cp) || cp == '_' || cp == '$';
    }

    private static boolean isNamePart(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_' || cp == '$' || cp == '-';
    }
}
