package io.devrig.api.template;

/**
 * Error codes and detail keys of template failures, all reported as
 * {@link io.devrig.api.error.DevRigException}s of category {@code permanent} (the same
 * template and data fail the same way again).
 *
 * <ul>
 * <li>A template that does not compile: {@code INVALID_INPUT}
 * ({@link io.devrig.api.error.ErrorCodes#INVALID_INPUT}); the message names the first
 * problem as {@code line L, column C: …}, the details carry {@link #LINE}, {@link #COLUMN}
 * and every problem found in {@link #PROBLEMS}.</li>
 * <li>Data that is not JSON ({@link CompiledTemplate#render(Object)} given some other Java
 * object, {@link CompiledTemplate#renderJson(String)} given malformed JSON): also
 * {@code INVALID_INPUT}.</li>
 * <li>Render limits and strict mode: the codes below, with {@link #LINE} and
 * {@link #COLUMN} of the tag when there is one.</li>
 * </ul>
 *
 * <p>Messages and details never contain data values (which may be secrets), only template
 * positions and the paths written in the template.
 */
public final class TemplateErrors {

    private TemplateErrors() {
    }

    /** The output would exceed {@link TemplateOptions#maxOutputChars()}. */
    public static final String TEMPLATE_OUTPUT_TOO_LARGE = "TEMPLATE_OUTPUT_TOO_LARGE";
    /** One render ran more {@code {{#each}}} iterations than {@link TemplateOptions#maxIterations()}. */
    public static final String TEMPLATE_TOO_MANY_ITERATIONS = "TEMPLATE_TOO_MANY_ITERATIONS";
    /** Strict mode: a value inserted or iterated by the template is missing from the data. */
    public static final String TEMPLATE_MISSING_VALUE = "TEMPLATE_MISSING_VALUE";
    /** The data is nested deeper than the engine follows (1,000 levels), e.g. a cyclic tree. */
    public static final String TEMPLATE_DATA_TOO_DEEP = "TEMPLATE_DATA_TOO_DEEP";

    /** Detail: 1-based line of the template position (integer). */
    public static final String LINE = "line";
    /** Detail: 1-based column, in characters (integer). */
    public static final String COLUMN = "column";
    /** Detail: every compile problem, each {@code line L, column C: message} (list of strings). */
    public static final String PROBLEMS = "problems";
    /** Detail: the path as written in the template (string). */
    public static final String PATH = "path";
    /** Detail: the limit that was exceeded (integer). */
    public static final String LIMIT = "limit";
}
