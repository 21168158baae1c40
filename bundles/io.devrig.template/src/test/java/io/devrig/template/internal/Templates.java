package io.devrig.template.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.template.TemplateEngine;
import io.devrig.api.template.TemplateOptions;

/** Shortcuts shared by the tests. */
final class Templates {

    static final TemplateEngine ENGINE = new TemplateEngineComponent();
    static final ObjectMapper JSON = new ObjectMapper();

    private Templates() {
    }

    static JsonNode json(String json) {
        try {
            return JSON.readTree(json.replace('`', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Renders with default options; in {@code data}, backticks stand for double quotes. */
    static String render(String template, String data) {
        return ENGINE.compile(template).render(json(data));
    }

    static String render(String template, String data, TemplateOptions options) {
        return ENGINE.compile(template, options).render(json(data));
    }

    static DevRigException compileError(String template) {
        return compileError(template, TemplateOptions.defaults());
    }

    static DevRigException compileError(String template, TemplateOptions options) {
        DevRigException e = catchThrowableOfType(DevRigException.class, () -> ENGINE.compile(template, options));
        assertThat(e).as("compile error for %s", template).isNotNull();
        return e;
    }

    static DevRigException renderError(String template, String data, TemplateOptions options) {
        var compiled = ENGINE.compile(template, options);
        DevRigException e = catchThrowableOfType(DevRigException.class, () -> compiled.render(json(data)));
        assertThat(e).as("render error for %s", template).isNotNull();
        return e;
    }
}
