package io.devrig.api.template;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Compiles templates (seed architecture §8.4). Published as an OSGi service by the
 * {@code io.devrig.template} bundle; its README documents the syntax.
 *
 * <p>Syntax in short: {@code {{a.b}}}, {@code {{items[0]}}} or {@code {{items.0}}},
 * {@code {{this}}}, {@code {{@index}}}, {@code {{@key}}}, {@code {{@first}}},
 * {@code {{@last}}}, {@code {{@root.x}}}, {@code {{../x}}};
 * {@code {{#if (eq status "open")}}…{{else if x}}…{{else}}…{{/if}}};
 * {@code {{#each items}}…{{/each}}}; helpers {@code eq neq gt lt and or not} in
 * parentheses; literals {@code "text"}, {@code 'text'}, numbers, {@code true},
 * {@code false}, {@code null}; comments {@code {{! … }}} and {@code {{!-- … --}}};
 * <code>&#92;{{</code> for a literal <code>{{</code>. Blocks nest at most 32 deep.
 */
@ProviderType
public interface TemplateEngine {

    /**
     * Compiles {@code source}.
     *
     * @throws io.devrig.api.error.DevRigException {@code INVALID_INPUT} naming the line and
     *         column of the first problem, all problems in the details (see
     *         {@link TemplateErrors})
     */
    CompiledTemplate compile(String source, TemplateOptions options);

    /** Compiles {@code source} with {@link TemplateOptions#defaults()}. */
    default CompiledTemplate compile(String source) {
        return compile(source, TemplateOptions.defaults());
    }

    /**
     * The problems that stop {@code source} from compiling with {@code options}, each as
     * {@code line L, column C: message}; empty when it compiles.
     */
    List<String> validate(String source, TemplateOptions options);

    /** {@link #validate(String, TemplateOptions)} with {@link TemplateOptions#defaults()}. */
    default List<String> validate(String source) {
        return validate(source, TemplateOptions.defaults());
    }
}
