package io.devrig.template.internal;

import io.devrig.common.path.DataPath;
import io.devrig.template.internal.Token.Kind;
import io.devrig.template.internal.Token.PathParts;
import java.util.regex.Pattern;

/**
 * Splits a template into tokens. Outside tags it yields text and tag openers; inside a tag
 * ({@link #nextInTag}) only names, literals, parentheses and the closer. Any other character
 * in a tag is an error: there is no operator, call, escape or interpolation syntax to lex.
 */
final class Lexer {

    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    private static final int MAX_NUMBER_LENGTH = 64;

    private final String src;
    private final int len;
    private int pos;
    /** Offset of the <code>{{</code> of the tag being lexed. */
    private int tagStart = -1;
    private boolean inTag;
    private boolean rawTag;

    Lexer(String src) {
        this.src = src;
        this.len = src.length();
    }

    /** Text, a tag opener, or EOF. Comments are skipped. */
    Token nextInText() {
        StringBuilder text = new StringBuilder();
        int start = pos;
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == '\\' && src.startsWith("\\\\{{", pos)) {
                // \\{{ is a backslash followed by a real tag
                text.append('\\');
                pos += 2;
                break;
            }
            if (c == '\\' && src.startsWith("\\{{", pos)) {
                text.append("{{");
                pos += 3;
                continue;
            }
            if (c == '{' && src.startsWith("{{", pos)) {
                if (src.startsWith("{{!", pos)) {
                    if (text.length() > 0) {
                        return new Token(Kind.TEXT, start, pos, text.toString(), null);
                    }
                    skipComment();
                    start = pos;
                    continue;
                }
                break;
            }
            text.append(c);
            pos++;
        }
        if (text.length() > 0) {
            return new Token(Kind.TEXT, start, pos, text.toString(), null);
        }
        if (pos >= len) {
            return new Token(Kind.EOF, len, len, null, null);
        }
        return open();
    }

    private void skipComment() {
        int start = pos;
        boolean longForm = src.startsWith("{{!--", pos);
        String closer = longForm ? "--}}" : "}}";
        int end = src.indexOf(closer, pos + (longForm ? 5 : 3));
        if (end < 0) {
            pos = len;
            throw new SyntaxError(start, "comment '" + (longForm ? "{{!--" : "{{!") + "' is never closed with '"
                    + closer + "'");
        }
        pos = end + closer.length();
    }

    private Token open() {
        int start = pos;
        tagStart = start;
        inTag = true;
        rawTag = false;
        pos += 2;
        char c = pos < len ? src.charAt(pos) : '\0';
        switch (c) {
            case '{':
                if (src.startsWith("{{{{", start)) {
                    throw new SyntaxError(start, "'{{{{' is not supported; write \\{{ for literal braces");
                }
                pos++;
                rawTag = true;
                return new Token(Kind.OPEN_RAW, start, pos, null, null);
            case '#':
                pos++;
                return new Token(Kind.OPEN_BLOCK, start, pos, null, null);
            case '/':
                pos++;
                return new Token(Kind.OPEN_END, start, pos, null, null);
            case '>', '^', '&', '~', '*', '=', '%', '<':
                throw new SyntaxError(start, "'{{" + c + "' is not supported (no partials, inverse sections, "
                        + "whitespace control or delimiter changes); write \\{{ for literal braces");
            default:
                break;
        }
        return new Token(Kind.OPEN, start, pos, null, null);
    }

    /**
     * The next token inside a tag.
     *
     * @param raw whether the tag was opened with <code>{{{</code>, so <code>}}}</code> closes it
     */
    Token nextInTag(boolean raw) {
        while (pos < len && isSpace(src.charAt(pos))) {
            pos++;
        }
        if (pos >= len) {
            throw new SyntaxError(tagStart, "'" + (raw ? "{{{" : "{{") + "' is never closed with '"
                    + (raw ? "}}}" : "}}") + "'");
        }
        int start = pos;
        char c = src.charAt(pos);
        if (c == '}' && src.startsWith("}}", pos)) {
            inTag = false;
            if (raw && src.startsWith("}}}", pos)) {
                pos += 3;
                return new Token(Kind.CLOSE_RAW, start, pos, null, null);
            }
            pos += 2;
            return new Token(Kind.CLOSE, start, pos, null, null);
        }
        if (c == '(') {
            pos++;
            return new Token(Kind.LPAREN, start, pos, null, null);
        }
        if (c == ')') {
            pos++;
            return new Token(Kind.RPAREN, start, pos, null, null);
        }
        if (c == '"' || c == '\'') {
            return string(c);
        }
        if (isDigit(c) || (c == '-' && pos + 1 < len && isDigit(src.charAt(pos + 1)))) {
            return number();
        }
        int cp = src.codePointAt(pos);
        if (c == '[' || c == '@' || identStart(cp) || src.startsWith("../", pos)) {
            return path();
        }
        throw new SyntaxError(pos, unexpected(cp));
    }

    /** After an error: skips the rest of the tag being lexed, if any. */
    void recover() {
        if (!inTag) {
            return;
        }
        inTag = false;
        int end = src.indexOf("}}", pos);
        pos = end < 0 ? len : end + 2;
        if (rawTag && pos < len && src.charAt(pos) == '}') {
            pos++;
        }
    }

    private Token string(char quote) {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < len) {
            char c = src.charAt(pos);
            if (c == quote) {
                pos++;
                return new Token(Kind.STRING, start, pos, value.toString(), null);
            }
            if (c == '\\') {
                char e = pos + 1 < len ? src.charAt(pos + 1) : '\0';
                switch (e) {
                    case '\\', '"', '\'' -> value.append(e);
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    default -> throw new SyntaxError(pos, "unsupported escape '\\" + printable(e)
                            + "' in a string literal (supported: \\\\ \\\" \\' \\n \\r \\t; write other characters as they are)");
                }
                pos += 2;
                continue;
            }
            value.append(c);
            pos++;
        }
        throw new SyntaxError(start, "string literal is never closed with " + quote);
    }

    private Token number() {
        int start = pos;
        pos++;
        while (pos < len) {
            char c = src.charAt(pos);
            boolean sign = (c == '+' || c == '-') && (src.charAt(pos - 1) == 'e' || src.charAt(pos - 1) == 'E');
            if (!(isDigit(c) || c == '.' || c == '_' || sign || Character.isLetter(c))) {
                break;
            }
            pos++;
        }
        String text = src.substring(start, pos);
        if (text.length() > MAX_NUMBER_LENGTH) {
            throw new SyntaxError(start, "number literal longer than " + MAX_NUMBER_LENGTH + " characters");
        }
        if (!NUMBER.matcher(text).matches()) {
            throw new SyntaxError(start, "bad number literal '" + abbreviate(text)
                    + "' (write numbers as in JSON: 42, -1, 0.5, 1e3)");
        }
        if ((text.contains(".") || text.contains("e") || text.contains("E")) && Double.isInfinite(Double.parseDouble(text))) {
            throw new SyntaxError(start, "number literal '" + text + "' is out of range");
        }
        return new Token(Kind.NUMBER, start, pos, text, null);
    }

    private Token path() {
        int start = pos;
        int parents = 0;
        while (src.startsWith("../", pos)) {
            parents++;
            pos += 3;
        }
        String variable = null;
        if (pos < len && src.charAt(pos) == '@') {
            int from = pos++;
            skipIdentPart();
            if (pos == from + 1) {
                throw new SyntaxError(from, "expected a name after '@'");
            }
            variable = src.substring(from, pos);
        }
        // the data path itself: DevRig's one grammar (io.devrig.common.path.DataPath)
        DataPath.Embedded path;
        try {
            path = DataPath.parseEmbedded(src, pos, variable != null);
        } catch (DataPath.SyntaxException e) {
            if (e.position() >= len) {
                throw new SyntaxError(tagStart, "'{{' is never closed with '}}'");
            }
            throw new SyntaxError(e.position(), e.reason());
        }
        pos = path.end();
        return new Token(Kind.PATH, start, pos, null, new PathParts(parents, variable, path.path()));
    }

    private void skipIdentPart() {
        while (pos < len) {
            int cp = src.codePointAt(pos);
            if (!identPart(cp)) {
                return;
            }
            pos += Character.charCount(cp);
        }
    }

    static boolean identStart(int cp) {
        return Character.isLetter(cp) || cp == '_' || cp == '$';
    }

    static boolean identPart(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_' || cp == '$' || cp == '-';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static String unexpected(int cp) {
        String hint = switch (cp) {
            case '`' -> "; backticks have no meaning in a template";
            case '\\' -> "; escapes are not supported inside tags";
            case '.' -> "; a path starts with a name, 'this', '@root' or '../'";
            case '+', '-', '*', '/', '%', '<', '>', '=', '!', '&', '|', '?', ':' ->
                "; there are no operators, use the helpers (eq a b), (neq a b), (gt a b), (lt a b), (and a b), (or a b), (not a)";
            case '{' -> "; tags do not nest, write \\{{ outside a tag for literal braces";
            case '}' -> "; a tag ends with '}}'";
            default -> "";
        };
        return "unexpected " + describeChar(cp) + hint;
    }

    static String describeChar(int cp) {
        String hex = String.format("U+%04X", cp);
        if (cp < 0x20 || cp == 0x7f || cp > 0x7e || Character.isWhitespace(cp)) {
            return "character " + hex;
        }
        return "'" + new String(Character.toChars(cp)) + "'";
    }

    private static String printable(char c) {
        return c == '\0' || Character.isISOControl(c) ? String.format("u%04X", (int) c) : String.valueOf(c);
    }

    /** At most 40 characters of {@code s}, line breaks shown as spaces, for error messages. */
    static String abbreviate(String s) {
        String flat = s.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= 40 ? flat : flat.substring(0, 39) + "…";
    }
}
