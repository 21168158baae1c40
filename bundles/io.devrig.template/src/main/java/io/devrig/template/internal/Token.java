package io.devrig.template.internal;

import io.devrig.common.path.DataPath;

/**
 * A token of the {@link Lexer}.
 *
 * @param kind what it is
 * @param start offset of its first character
 * @param end offset after its last character
 * @param value decoded text of a {@code TEXT} or {@code STRING}, the number text of a
 *        {@code NUMBER}, else null
 * @param path the parts of a {@code PATH}, else null
 */
record Token(Kind kind, int start, int end, String value, PathParts path) {

    enum Kind {
        /** Template text, already unescaped (<code>\{{</code> → <code>{{</code>). */
        TEXT,
        /** <code>{{</code> */
        OPEN,
        /** <code>{{{</code> */
        OPEN_RAW,
        /** <code>{{#</code> */
        OPEN_BLOCK,
        /** <code>{{/</code> */
        OPEN_END,
        /** <code>}}</code> */
        CLOSE,
        /** <code>}}}</code> (only inside a <code>{{{</code> tag) */
        CLOSE_RAW,
        LPAREN,
        RPAREN,
        STRING,
        NUMBER,
        PATH,
        EOF
    }

    /**
     * A path as written: {@code parents} times {@code ../}, or a data variable such as
     * {@code @root}, then a data path.
     *
     * @param variable {@code @root}, {@code @index} ... as written, else null
     * @param path the data path (after the variable); a {@code [bracketed]} segment is always a plain key
     */
    record PathParts(int parents, String variable, DataPath path) {

        /** The single plain name this path is ({@code eq}, {@code true}, {@code else}), else null. */
        String word() {
            if (parents != 0 || variable != null || path.segments().size() != 1) {
                return null;
            }
            DataPath.Segment s = path.segments().get(0);
            return s.bracketed() ? null : s.key();
        }
    }

    /** How the token reads in an error message. */
    String describe(String source) {
        return switch (kind) {
            case EOF -> "the end of the template";
            case TEXT -> "text";
            default -> "'" + Lexer.abbreviate(source.substring(start, end)) + "'";
        };
    }
}
