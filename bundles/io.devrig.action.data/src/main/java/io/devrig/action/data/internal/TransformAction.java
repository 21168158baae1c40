package io.devrig.action.data.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import com.jayway.jsonpath.spi.json.JacksonJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.action.DeclaredActions;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.template.CompiledTemplate;
import io.devrig.api.template.TemplateEngine;
import io.devrig.api.template.TemplateOptions;
import io.devrig.common.cache.BoundedCache;
import io.devrig.common.json.Json;
import io.devrig.common.json.JsonPathText;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code data.transform}: reads {@code source} with a JSONPath expression (Jayway JsonPath),
 * with a mapping of output keys to JSONPath expressions, or renders a template against it.
 *
 * <p>JsonPath runs with an explicit {@link Configuration} (Jackson providers, no options):
 * the library's static defaults are global, shared by every bundle that uses it, so they are
 * never relied on. Exceptions are not suppressed: a bad expression is an error, and a definite
 * path that finds nothing gives {@code null} (an indefinite one {@code []}).
 */
@Component(service = ActionExecutor.class, property = ActionExecutor.TYPE_PROPERTY + "=" + TransformAction.TYPE)
public final class TransformAction implements ActionExecutor {

    static final String TYPE = "data.transform";
    /** The largest jsonPath / mapping result, as JSON (UTF-8 bytes); a template's output is limited by the template engine to 1 MiB characters. */
    static final int MAX_RESULT_BYTES = 1 << 20;
    static final int MAX_EXPRESSION_CHARS = 10_000;
    static final int MAX_MAPPING_ENTRIES = 1_000;
    static final int MAX_CACHED_EXPRESSIONS = 512;
    /** Longer templates are compiled on every call rather than kept. */
    static final int MAX_CACHED_TEMPLATE_CHARS = 16 * 1024;

    /** Declared in OSGI-INF/devrig/actions.json (name, description, schemas: data, not code). */
    private static final ActionDescriptor DESCRIPTOR = DeclaredActions.builtIn(TransformAction.class, TYPE);
    private static final Set<String> FIELDS = Set.of("source", "jsonPath", "mapping", "template");
    private static final List<String> MODES = List.of("jsonPath", "mapping", "template");
    private static final int MAX_MESSAGE_CHARS = 300;

    private final TemplateEngine templateEngine;
    private final Configuration jsonPathConfig = Configuration.builder()
            .jsonProvider(new JacksonJsonProvider(Json.MAPPER))
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .options(EnumSet.noneOf(Option.class))
            .build();
    private final BoundedCache<String, JsonPath> paths = new BoundedCache<>(MAX_CACHED_EXPRESSIONS);
    private final BoundedCache<String, CompiledTemplate> templates = new BoundedCache<>(64);

    @Activate
    public TransformAction(@Reference TemplateEngine templateEngine) {
        this.templateEngine = Objects.requireNonNull(templateEngine, "templateEngine");
    }

    @Override
    public ActionDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object execute(Object input, ActionContext context) {
        Map<String, Object> in = Inputs.object(input, "$");
        Inputs.onlyFields(in, "$", FIELDS);
        Object source = Inputs.required(in, "source", "$");
        List<String> modes = MODES.stream().filter(in::containsKey).toList();
        if (modes.size() != 1) {
            throw DataErrors.invalid("$", "exactly one of jsonPath, mapping, template is required, found "
                    + (modes.isEmpty() ? "none" : String.join(" and ", modes)));
        }
        Object result;
        switch (modes.get(0)) {
            case "jsonPath" -> {
                Inputs.tree(source, "$.source");
                result = read(in.get("jsonPath"), "$.jsonPath", source);
            }
            case "mapping" -> {
                Inputs.tree(source, "$.source");
                result = mapping(in.get("mapping"), source, context);
            }
            default -> {
                return single(render(in.get("template"), Inputs.tree(source, "$.source")));
            }
        }
        if (Results.largerThan(result, MAX_RESULT_BYTES)) {
            throw new DevRigException(new DevRigError(DataErrors.DATA_RESULT_TOO_LARGE, ErrorCategory.PERMANENT,
                    "$.result: larger than " + MAX_RESULT_BYTES + " bytes of JSON; select less",
                    Map.of("limit", MAX_RESULT_BYTES), false, null, null, Instant.now()));
        }
        return single(result);
    }

    private static Map<String, Object> single(Object result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("result", result);
        return out;
    }

    private Map<String, Object> mapping(Object value, Object source, ActionContext context) {
        Map<String, Object> mapping = Inputs.object(value, "$.mapping");
        if (mapping.isEmpty()) {
            throw DataErrors.invalid("$.mapping", "must have at least one entry");
        }
        if (mapping.size() > MAX_MAPPING_ENTRIES) {
            throw DataErrors.invalid("$.mapping", mapping.size() + " entries; at most " + MAX_MAPPING_ENTRIES
                    + " are allowed");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : mapping.entrySet()) {
            DataErrors.checkCancelled(context);
            out.put(e.getKey(), read(e.getValue(), JsonPathText.key("$.mapping", e.getKey()), source));
        }
        return out;
    }

    /** Evaluates the expression at {@code path} of the input against {@code source}. */
    private Object read(Object expression, String path, Object source) {
        JsonPath compiled = compile(Inputs.text(expression, path, MAX_EXPRESSION_CHARS), path);
        if (source == null) {
            // JsonPath refuses a null document; nothing can be found in it
            return compiled.isDefinite() ? null : new ArrayList<>();
        }
        try {
            return compiled.read(source, jsonPathConfig);
        } catch (PathNotFoundException e) {
            return compiled.isDefinite() ? null : new ArrayList<>();
        } catch (RuntimeException e) {
            // e.g. a function over the wrong type: the message is about the expression, not the data
            throw DataErrors.invalid(path, "cannot evaluate the JSONPath expression: " + message(e));
        }
    }

    private JsonPath compile(String expression, String path) {
        try {
            return paths.get(expression, JsonPath::compile);
        } catch (RuntimeException e) {
            throw DataErrors.invalid(path, "invalid JSONPath expression: " + message(e));
        }
    }

    private String render(Object value, JsonNode data) {
        String source = Inputs.string(value, "$.template");
        CompiledTemplate template;
        try {
            template = source.length() <= MAX_CACHED_TEMPLATE_CHARS
                    ? templates.get(source, s -> templateEngine.compile(s, TemplateOptions.defaults()))
                    : templateEngine.compile(source, TemplateOptions.defaults());
        } catch (DevRigException e) {
            throw DataErrors.at("$.template", "", e, Map.of());
        }
        try {
            return template.render(data);
        } catch (DevRigException e) {
            throw DataErrors.at("$.template", "", e, Map.of());
        }
    }

    /** How many compiled JSONPath expressions are kept (for tests). */
    int cachedExpressions() {
        return paths.size();
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.length() <= MAX_MESSAGE_CHARS ? m : m.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
