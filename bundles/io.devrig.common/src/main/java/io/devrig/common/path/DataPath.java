package io.devrig.common.path;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.common.json.JsonPathText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A data path as users write it, parsed once: the one grammar of condition refs,
 * {@code {"$ref": ...}} value references, template paths and the field paths of
 * {@code data.filter}/{@code data.aggregate}.
 *
 * <pre>
 * path    = first ( "." name | "." bracket | bracket )*
 * first   = name | bracket
 * bracket = "[" digits "]"            an array index (or a key of digits in an object)
 *         | "[" '"' chars '"' "]"     a quoted key, any characters; \" \' \\ escape
 *         | "[" "'" chars "'" "]"
 *         | "[" chars "]"             an unquoted key up to ']' (older spelling, still read)
 * name    = letters, digits, "_", "$", "-" (a path starts with a letter, "_" or "$")
 * </pre>
 *
 * A segment that is a whole number ({@code items.0}, {@code items[0]}) indexes an array
 * and looks up that key in an object; a quoted key never indexes an array. When the path
 * is a string of its own (a condition ref, a {@code $ref}, a field path) a name may also
 * hold any character but {@code .}, {@code [} and {@code ]} (older definitions used
 * {@code with:colon} or {@code first name}); inside a template a name ends at the first
 * other character. Reading never throws and never calls a method of a value: it looks
 * keys up in objects ({@code Map}, object nodes) and indexes in arrays ({@code List},
 * array nodes), nothing else. Immutable and thread-safe.
 */
public final class DataPath {

    /** What {@link #read(Object)} returns when the path leads nowhere (distinct from a null value). */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<missing>";
        }
    };

    /** The empty path: the whole value. */
    public static final DataPath ROOT = new DataPath("", List.of());

    /**
     * One step.
     *
     * @param key the key as text (for an index, its digits)
     * @param index the array index when the step may index an array (a whole number, not
     *        quoted), else -1; {@link Integer#MAX_VALUE} for a number too large for any array
     * @param bracketed whether it was written in brackets ({@code [this]} is a key, not {@code this})
     */
    public record Segment(String key, int index, boolean bracketed) {
    }

    /** A path that cannot be parsed: why, and where (0-based offset in the text given to the parser). */
    public static final class SyntaxException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final int position;
        private final String reason;

        SyntaxException(String message, int position, String reason) {
            super(message);
            this.position = position;
            this.reason = reason;
        }

        public int position() {
            return position;
        }

        /** What is wrong, without the path and position. */
        public String reason() {
            return reason;
        }
    }

    /** A path found inside a larger text, and the offset just after it. */
    public record Embedded(DataPath path, int end) {
    }

    private final String text;
    private final List<Segment> segments;

    private DataPath(String text, List<Segment> segments) {
        this.text = text;
        this.segments = List.copyOf(segments);
    }

    /**
     * Parses a path that is a whole string (surrounding blanks ignored); the empty string
     * is {@link #ROOT}.
     *
     * @throws SyntaxException whose message quotes the path and says what is wrong where
     */
    public static DataPath parse(String text) {
        String p = text.strip();
        if (p.isEmpty()) {
            return ROOT;
        }
        try {
            Parser parser = new Parser(p, 0, false, false);
            List<Segment> segments = parser.parse();
            return new DataPath(p, segments);
        } catch (SyntaxException e) {
            String shown = p.length() <= 80 ? p : p.substring(0, 80) + "…";
            throw new SyntaxException("invalid data path '" + shown + "' at character " + (e.position + 1) + ": "
                    + e.reason, e.position, e.reason);
        }
    }

    /**
     * Parses the path that starts at {@code from} in {@code src} and ends before the first
     * character that cannot continue it (a blank, {@code }}}, {@code )} ...), as in a
     * template tag. Names hold only letters, digits, {@code _}, {@code $} and {@code -};
     * an unquoted bracket key ends at the line.
     *
     * @param continued whether the text at {@code from} continues a path already begun
     *        (it must start with {@code .} or {@code [}), as after {@code @root}
     * @throws SyntaxException with the position in {@code src}
     */
    public static Embedded parseEmbedded(CharSequence src, int from, boolean continued) {
        Parser parser = new Parser(src, from, true, continued);
        List<Segment> segments = parser.parse();
        return new Embedded(new DataPath(src.subSequence(from, parser.pos).toString(), segments), parser.pos);
    }

    /** This path's segments from {@code from} on (for callers that treat the first segments themselves). */
    public DataPath subPath(int from) {
        if (from == 0) {
            return this;
        }
        List<Segment> rest = segments.subList(from, segments.size());
        return rest.isEmpty() ? ROOT : new DataPath(canonical(rest), rest);
    }

    public List<Segment> segments() {
        return segments;
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The path as written (trimmed). */
    public String text() {
        return text;
    }

    /** The value at this path in a tree, or null when it leads nowhere. */
    public JsonNode get(JsonNode root) {
        JsonNode current = root;
        for (Segment s : segments) {
            if (current == null) {
                return null;
            }
            current = step(current, s);
        }
        return current == null || current.isMissingNode() ? null : current;
    }

    private static JsonNode step(JsonNode node, Segment s) {
        if (node.isObject()) {
            return node.get(s.key());
        }
        if (node.isArray() && s.index() >= 0) {
            return node.get(s.index());
        }
        return null;
    }

    /**
     * The value at this path in JSON-shaped Java values ({@code Map}, {@code List}, or a
     * {@link JsonNode} anywhere inside, read as by {@link #get(JsonNode)}), or
     * {@link #MISSING} when it leads nowhere. An explicit null is null.
     */
    public Object read(Object root) {
        Object current = root;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(s.key())) {
                    return MISSING;
                }
                current = map.get(s.key());
            } else if (current instanceof List<?> list && s.index() >= 0) {
                if (s.index() >= list.size()) {
                    return MISSING;
                }
                current = list.get(s.index());
            } else if (current instanceof JsonNode node) {
                JsonNode found = subPath(i).get(node);
                return found == null ? MISSING : found;
            } else {
                return MISSING;
            }
        }
        return current;
    }

    /** The JSON path of this path's place below {@code root}, for messages ({@link JsonPathText}). */
    public String jsonPath(String root) {
        String path = root;
        for (Segment s : segments) {
            path = s.index() >= 0 && s.index() < Integer.MAX_VALUE ? JsonPathText.index(path, s.index())
                    : JsonPathText.key(path, s.key());
        }
        return path;
    }

    /**
     * The path in the grammar's own spelling: names after dots, {@code [0]} for indexes,
     * {@code ["key"]} for any other key ({@code labels["team.backend"]}).
     */
    @Override
    public String toString() {
        return canonical(segments);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DataPath other && other.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static String canonical(List<Segment> segments) {
        StringBuilder b = new StringBuilder();
        for (Segment s : segments) {
            if (s.index() >= 0) {
                b.append('[').append(s.key()).append(']');
            } else if (isName(s.key(), b.length() == 0) && !(b.length() == 0 && s.bracketed())) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(s.key());
            } else {
                b.append("[\"").append(s.key().replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
            }
        }
        return b.toString();
    }

    private static boolean isName(String key, boolean first) {
        if (key.isEmpty() || first && !nameStart(key.codePointAt(0))) {
            return false;
        }
        return key.codePoints().allMatch(DataPath::namePart);
    }

    static boolean nameStart(int cp) {
        return Character.isLetter(cp) || cp == '_' || cp == '$';
    }

    static boolean namePart(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_' || cp == '$' || cp == '-';
    }

    /** The index a key stands for: a whole number without leading zeros, else -1. */
    static int index(String key) {
        int n = key.length();
        if (n == 0 || n > 1 && key.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return n > 9 ? Integer.MAX_VALUE : Integer.parseInt(key);
    }

    /** One parse. */
    private static final class Parser {
        private final CharSequence src;
        private final boolean embedded;
        private final int len;
        private final boolean continued;
        int pos;

        Parser(CharSequence src, int from, boolean embedded, boolean continued) {
            this.src = src;
            this.pos = from;
            this.embedded = embedded;
            this.continued = continued;
            this.len = src.length();
        }

        List<Segment> parse() {
            List<Segment> segments = new ArrayList<>();
            boolean afterDot = false;
            boolean begun = continued;
            while (true) {
                char c = pos < len ? src.charAt(pos) : '\0';
                if (pos < len && c == '[') {
                    segments.add(bracket());
                } else if (!begun || afterDot) {
                    segments.add(name(!begun));
                } else if (pos < len && c == '.') {
                    pos++;
                    afterDot = true;
                    continue;
                } else if (embedded || pos >= len) {
                    return segments;
                } else if (c == ']') {
                    throw error(pos, "unexpected ']'");
                } else {
                    throw error(pos, "expected '.' or '[' after a segment, found " + describe(pos));
                }
                begun = true;
                afterDot = false;
            }
        }

        private Segment name(boolean first) {
            int start = pos;
            if (embedded) {
                if (pos < len && (first ? nameStart(cp()) : namePart(cp()))) {
                    while (pos < len && namePart(cp())) {
                        pos += Character.charCount(cp());
                    }
                }
            } else {
                while (pos < len && ".[]".indexOf(src.charAt(pos)) < 0) {
                    pos++;
                }
            }
            if (pos == start) {
                throw error(pos, (first ? "expected a name, found " : "expected a name after '.', found ")
                        + describe(pos));
            }
            String key = src.subSequence(start, pos).toString();
            return new Segment(key, index(key), false);
        }

        private Segment bracket() {
            int open = pos;
            char q = open + 1 < len ? src.charAt(open + 1) : '\0';
            if (q == '"' || q == '\'') {
                StringBuilder key = new StringBuilder();
                int i = open + 2;
                while (true) {
                    if (i >= len || embedded && (src.charAt(i) == '\n' || src.charAt(i) == '\r')) {
                        throw error(open, "the quoted key is never closed with " + q);
                    }
                    char c = src.charAt(i);
                    if (c == '\\' && i + 1 < len) {
                        key.append(src.charAt(i + 1));
                        i += 2;
                    } else if (c == q) {
                        break;
                    } else {
                        key.append(c);
                        i++;
                    }
                }
                if (i + 1 >= len || src.charAt(i + 1) != ']') {
                    throw error(i + 1, "a quoted key must be followed by ']'");
                }
                pos = i + 2;
                return new Segment(key.toString(), -1, true);
            }
            int i = open + 1;
            while (i < len && src.charAt(i) != ']') {
                char c = src.charAt(i);
                if (embedded && (c == '\n' || c == '\r' || c == '}' && i + 1 < len && src.charAt(i + 1) == '}')) {
                    i = len;
                    break;
                }
                i++;
            }
            if (i >= len) {
                throw error(open, "'[' is never closed with ']'");
            }
            if (i == open + 1) {
                throw error(open, "empty '[]'; write the key or index inside the brackets");
            }
            String key = src.subSequence(open + 1, i).toString();
            pos = i + 1;
            return new Segment(key, index(key), true);
        }

        private int cp() {
            return Character.codePointAt(src, pos);
        }

        private String describe(int at) {
            if (at >= len) {
                return "the end";
            }
            int cp = Character.codePointAt(src, at);
            if (cp < 0x20 || cp >= 0x7f || Character.isWhitespace(cp)) {
                return String.format("character U+%04X", cp);
            }
            return "'" + new String(Character.toChars(cp)) + "'";
        }

        private SyntaxException error(int at, String reason) {
            return new SyntaxException(reason + " (at offset " + at + ")", at, reason);
        }
    }
}
