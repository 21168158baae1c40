package io.devrig.template.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.template.TemplateEngine;
import io.devrig.api.template.TemplateOptions;
import io.devrig.common.json.Json;
import io.devrig.testing.TestJson;

/** Shortcuts shared by the tests. */
final class Templates {

    static final TemplateEngine ENGINE = new TemplateEngineComponent();
    /** DevRig's strict mapper, for trees built by hand. */
    static final ObjectMapper JSON = Json.MAPPER;
    /** Test data: backticks stand for double quotes (the data holds apostrophes); decimals as doubles. */
    static final TestJson DATA = TestJson.quotedBy('`');

    private Templates() {
    }

    static JsonNode json(String json) {
        return DATA.readPlainTree(json);
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
