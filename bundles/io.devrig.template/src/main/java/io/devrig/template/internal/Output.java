package io.devrig.template.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.template.Escaping;
import io.devrig.api.template.TemplateErrors;
import java.util.Map;

/**
 * The text being rendered, never longer than its limit: every append is checked before it
 * happens, so a huge value or a runaway loop fails with an error instead of growing memory.
 */
final class Output {

    private final StringBuilder out;
    private final int max;
    private final Escaping escaping;

    Output(int max, Escaping escaping) {
        this.max = max;
        this.escaping = escaping;
        this.out = new StringBuilder(Math.min(max, 1024));
    }

    /** Template text, copied as written. */
    void text(String s) {
        reserve(s.length());
        out.append(s);
    }

    void value(CharSequence s, boolean escape) {
        value(s, 0, s.length(), escape);
    }

    /** Characters {@code from} to {@code to} of a value, escaped when {@code escape} and the mode say so. */
    void value(CharSequence s, int from, int to, boolean escape) {
        if (!escape || escaping == Escaping.NONE) {
            reserve(to - from);
            out.append(s, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (escaping == Escaping.JSON) {
                if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                    reserve(2);
                    out.append(c).append(s.charAt(++i));
                } else {
                    json(c);
                }
            } else {
                html(c);
            }
        }
    }

    private void json(char c) {
        String escaped = switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c) ? hex(c) : null;
        };
        append(c, escaped);
    }

    private void html(char c) {
        String escaped = switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&#39;";
            case '`' -> "&#96;";
            case '=' -> "&#61;";
            default -> null;
        };
        append(c, escaped);
    }

    private void append(char c, String escaped) {
        if (escaped == null) {
            reserve(1);
            out.append(c);
        } else {
            reserve(escaped.length());
            out.append(escaped);
        }
    }

    private static String hex(char c) {
        return String.format("\\u%04x", (int) c);
    }

    private void reserve(int n) {
        if (n > max - out.length()) {
            throw new DevRigException(DevRigError.of(TemplateErrors.TEMPLATE_OUTPUT_TOO_LARGE, ErrorCategory.PERMANENT,
                    "template output would exceed " + max + " characters (maxOutputChars)")
                    .withDetails(Map.of(TemplateErrors.LIMIT, max)));
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
