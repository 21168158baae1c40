package io.devrig.api.template;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A template compiled by {@link TemplateEngine#compile}. Immutable and thread-safe: compile
 * once, keep it, and render it from any number of threads.
 *
 * <p>Rendering only reads the data. A missing value renders as nothing (or fails in strict
 * mode), {@code null} as nothing, strings as they are, numbers and booleans as their JSON
 * text, objects and arrays as compact JSON; then the value is escaped as
 * {@link TemplateOptions#escaping()} says.
 */
@ProviderType
public interface CompiledTemplate {

    /**
     * Renders the template against {@code data}.
     *
     * @param data the data paths are looked up in: a Jackson {@code JsonNode} (the normal
     *        case), or JSON-shaped Java values ({@code Map} with string keys, {@code List} or other
     *        {@code Collection},
     *        {@code String}, {@code Number}, {@code Boolean}, {@code null}), which are copied
     *        into a tree without reflection. The parameter is typed {@code Object} so that
     *        this API package needs no Jackson import.
     * @return the rendered text, at most {@link TemplateOptions#maxOutputChars()} characters
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} when {@code data} is
     *         some other Java object; {@code TEMPLATE_OUTPUT_TOO_LARGE},
     *         {@code TEMPLATE_TOO_MANY_ITERATIONS}, {@code TEMPLATE_MISSING_VALUE} (strict
     *         only) or {@code TEMPLATE_DATA_TOO_DEEP}, see {@link TemplateErrors}
     */
    String render(Object data);

    /**
     * Renders the template against data given as JSON text.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} when {@code json} is
     *         not valid JSON, otherwise as {@link #render(Object)}
     */
    String renderJson(String json);

    /** The source the template was compiled from. */
    String source();

    /** The options it was compiled with. */
    TemplateOptions options();
}
