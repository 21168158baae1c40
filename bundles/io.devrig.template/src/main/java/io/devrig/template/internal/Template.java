package io.devrig.template.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.template.CompiledTemplate;
import io.devrig.api.template.TemplateOptions;
import io.devrig.common.json.Json;
import java.util.List;
import java.util.Objects;

/** A compiled template: the immutable node tree plus its options. Safe to share between threads. */
final class Template implements CompiledTemplate {

    /** DevRig's one strict mapper, tree model only: no class is ever named or instantiated from the input. */
    private static final ObjectMapper JSON = Json.MAPPER;

    private final SourceText source;
    private final TemplateOptions options;
    private final List<Node> nodes;

    Template(SourceText source, TemplateOptions options, List<Node> nodes) {
        this.source = source;
        this.options = options;
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public String render(Object data) {
        return new Renderer(source, options, Values.tree(data)).render(nodes);
    }

    @Override
    public String renderJson(String json) {
        Objects.requireNonNull(json, "json");
        JsonNode data;
        try {
            data = JSON.readTree(json);
        } catch (JacksonException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "template data is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (data == null || data.isMissingNode()) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "template data is empty, not JSON");
        }
        return render(data);
    }

    @Override
    public String source() {
        return source.source();
    }

    @Override
    public TemplateOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "CompiledTemplate[" + Lexer.abbreviate(source.source()) + ", " + options + "]";
    }
}
