package io.devrig.template.internal;

import io.devrig.api.template.CompiledTemplate;
import io.devrig.api.template.TemplateEngine;
import io.devrig.api.template.TemplateOptions;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * Publishes the engine as {@link TemplateEngine}. Stateless: there is nothing to configure
 * per installation, limits are options of each compile.
 */
@Component(service = TemplateEngine.class)
public final class TemplateEngineComponent implements TemplateEngine {

    @Override
    public CompiledTemplate compile(String source, TemplateOptions options) {
        return TemplateCompiler.compile(source, options);
    }

    @Override
    public List<String> validate(String source, TemplateOptions options) {
        return TemplateCompiler.validate(source, options);
    }
}
