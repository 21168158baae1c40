package io.devrig.api.template;

import java.util.Objects;

/**
 * How a template is compiled and rendered. Immutable; start from {@link #defaults()} and
 * change what differs with the {@code with…} methods.
 *
 * <ul>
 * <li>{@link #escaping()}: how inserted values are escaped, {@link Escaping#NONE} by default.
 * {@code {{{x}}}} (insert without escaping) is only accepted when escaping is on.</li>
 * <li>{@link #strict()}: {@code false} (default, lenient) renders a missing value as nothing;
 * {@code true} makes a missing value that is inserted ({@code {{x}}}) or iterated
 * ({@code {{#each x}}}) a render error ({@link TemplateErrors#TEMPLATE_MISSING_VALUE}).
 * Tests ({@code {{#if x}}}, helper arguments) see a missing value as {@code null} in both
 * modes, so optional data can always be checked.</li>
 * <li>{@link #maxOutputChars()}: the largest output a render may produce, in characters
 * (default 1 MiB = 1,048,576); more is {@link TemplateErrors#TEMPLATE_OUTPUT_TOO_LARGE}.</li>
 * <li>{@link #maxIterations()}: how many {@code {{#each}}} iterations one render may run in
 * total, over all loops (default 100,000); more is
 * {@link TemplateErrors#TEMPLATE_TOO_MANY_ITERATIONS}.</li>
 * </ul>
 */
public final class TemplateOptions {

    /** 1 MiB of characters. */
    public static final int DEFAULT_MAX_OUTPUT_CHARS = 1 << 20;
    public static final int DEFAULT_MAX_ITERATIONS = 100_000;

    private static final TemplateOptions DEFAULTS = new TemplateOptions(Escaping.NONE, false,
            DEFAULT_MAX_OUTPUT_CHARS, DEFAULT_MAX_ITERATIONS);

    private final Escaping escaping;
    private final boolean strict;
    private final int maxOutputChars;
    private final int maxIterations;

    private TemplateOptions(Escaping escaping, boolean strict, int maxOutputChars, int maxIterations) {
        this.escaping = Objects.requireNonNull(escaping, "escaping");
        if (maxOutputChars < 1) {
            throw new IllegalArgumentException("maxOutputChars must be at least 1: " + maxOutputChars);
        }
        if (maxIterations < 0) {
            throw new IllegalArgumentException("maxIterations must not be negative: " + maxIterations);
        }
        this.strict = strict;
        this.maxOutputChars = maxOutputChars;
        this.maxIterations = maxIterations;
    }

    /** No escaping, lenient, 1 MiB output, 100,000 iterations. */
    public static TemplateOptions defaults() {
        return DEFAULTS;
    }

    /** The defaults with the given escaping. */
    public static TemplateOptions escaping(Escaping escaping) {
        return DEFAULTS.withEscaping(escaping);
    }

    public Escaping escaping() {
        return escaping;
    }

    public boolean strict() {
        return strict;
    }

    public int maxOutputChars() {
        return maxOutputChars;
    }

    public int maxIterations() {
        return maxIterations;
    }

    public TemplateOptions withEscaping(Escaping value) {
        return new TemplateOptions(value, strict, maxOutputChars, maxIterations);
    }

    public TemplateOptions withStrict(boolean value) {
        return new TemplateOptions(escaping, value, maxOutputChars, maxIterations);
    }

    /** @throws IllegalArgumentException when below 1 */
    public TemplateOptions withMaxOutputChars(int value) {
        return new TemplateOptions(escaping, strict, value, maxIterations);
    }

    /** @throws IllegalArgumentException when negative */
    public TemplateOptions withMaxIterations(int value) {
        return new TemplateOptions(escaping, strict, maxOutputChars, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TemplateOptions other && escaping == other.escaping && strict == other.strict
                && maxOutputChars == other.maxOutputChars && maxIterations == other.maxIterations;
    }

    @Override
    public int hashCode() {
        return Objects.hash(escaping, strict, maxOutputChars, maxIterations);
    }

    @Override
    public String toString() {
        return "TemplateOptions[escaping=" + escaping + ", strict=" + strict + ", maxOutputChars=" + maxOutputChars
                + ", maxIterations=" + maxIterations + "]";
    }
}
