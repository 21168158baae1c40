package io.devrig.api.template;

/**
 * How the values a template inserts are escaped. Only values are escaped; the template's
 * own text is copied as written.
 */
public enum Escaping {
    /** Values are inserted as they are: prompts and plain text. The default. */
    NONE,
    /**
     * Values are escaped for inclusion inside a JSON string literal ({@code "…{{x}}…"}):
     * <code>"</code> and <code>&#92;</code> are backslash-escaped, control characters become
     * <code>&#92;n</code>, <code>&#92;r</code>, <code>&#92;t</code>, <code>&#92;b</code>, <code>&#92;f</code> or
     * <code>&#92;uXXXX</code>, and U+2028, U+2029 and unpaired surrogates become <code>&#92;uXXXX</code>.
     */
    JSON,
    /**
     * Values are escaped for HTML text and quoted attribute values: {@code & < > " ' ` =}
     * become character references.
     */
    HTML
}
