package io.devrig.action.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.template.CompiledTemplate;
import io.devrig.api.template.TemplateEngine;
import io.devrig.api.template.TemplateOptions;
import io.devrig.common.cache.BoundedCache;
import io.devrig.common.json.JsonTrees;
import io.devrig.common.path.DataPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Resolves a node config against the run data, as {@link io.devrig.api.action.ActionRegistry}
 * documents: a string containing <code>{{</code> is a template rendered to a string, a string
 * that is exactly one <code>{{path}}</code> yields the raw value there, an object
 * <code>{"$ref": "path"}</code> yields the raw value there (null when absent); maps and
 * lists are copied and resolved recursively, everything else is taken as is. Values taken
 * from the data are never resolved again, so data that looks like a template stays text.
 */
final class ConfigResolver {

    static final String REF = "$ref";
    static final int TEMPLATE_CACHE_SIZE = 1000;

    private final TemplateEngine templates;
    private final BoundedCache<String, CompiledTemplate> compiled = new BoundedCache<>(TEMPLATE_CACHE_SIZE);

    ConfigResolver(TemplateEngine templates) {
        this.templates = Objects.requireNonNull(templates, "templates");
    }

    /**
     * The resolved config (a new map).
     *
     * @throws DevRigException {@code ACTION_CONFIG_UNRESOLVED} (permanent) naming the JSON
     *         path of the config value that failed
     */
    Map<String, Object> resolve(Map<String, Object> config, Map<String, Object> data) {
        Objects.requireNonNull(config, "config");
        Run run = new Run(data == null ? Map.of() : data);
        @SuppressWarnings("unchecked")
        Map<String, Object> resolved = (Map<String, Object>) run.value(config, Location.ROOT);
        return resolved;
    }

    /** Whether a config value is only known at run time: a template or a value reference. */
    static boolean isRuntimeValue(Object value) {
        return value instanceof String s && s.contains("{{") || refPath(value).isPresent();
    }

    /** The path of a value reference object, if {@code value} is one. */
    static Optional<String> refPath(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1 && map.get(REF) instanceof String path) {
            return Optional.of(path);
        }
        return Optional.empty();
    }

    int cachedTemplates() {
        return compiled.size();
    }

    /** One resolution: holds the data and its Jackson tree, built once on first need. */
    private final class Run {
        private final Map<String, Object> data;
        private JsonNode tree;

        Run(Map<String, Object> data) {
            this.data = data;
        }

        Object value(Object value, Location at) {
            if (value instanceof String s) {
                return s.contains("{{") ? template(s, at) : s;
            }
            if (value instanceof Map<?, ?> map) {
                Optional<String> ref = refPath(map);
                if (ref.isPresent()) {
                    return reference(ref.get(), at);
                }
                Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Object key = e.getKey();
                    copy.put(key, value(e.getValue(), key instanceof String k ? at.key(k) : at.key("?")));
                }
                return copy;
            }
            if (value instanceof List<?> list) {
                List<Object> copy = new ArrayList<>(list.size());
                for (int i = 0; i < list.size(); i++) {
                    copy.add(value(list.get(i), at.index(i)));
                }
                return copy;
            }
            return value;
        }

        private Object reference(String path, Location at) {
            DataPath parsed;
            try {
                parsed = DataPath.parse(path);
            } catch (DataPath.SyntaxException e) {
                throw unresolved(at.key(REF), e.getMessage(), null);
            }
            if (parsed.isRoot()) {
                throw unresolved(at.key(REF), "the path is empty", null);
            }
            return read(parsed);
        }

        /** The value at the path, null when it leads nowhere; only maps and lists are looked into. */
        private Object read(DataPath path) {
            Object value = path.read(data);
            return value == DataPath.MISSING ? null : value;
        }

        private Object template(String source, Location at) {
            Optional<DataPath> whole = wholeValue(source);
            if (whole.isPresent()) {
                return read(whole.get());
            }
            CompiledTemplate template;
            try {
                template = compiled.get(source, s -> templates.compile(s, TemplateOptions.defaults()));
            } catch (DevRigException e) {
                throw unresolved(at, "the template does not compile: " + e.error().message(), e.error());
            }
            JsonNode json = tree(at);
            try {
                return template.render(json);
            } catch (DevRigException e) {
                throw unresolved(at, "the template could not be rendered: " + e.error().message(), e.error());
            }
        }

        private JsonNode tree(Location at) {
            if (tree == null) {
                try {
                    tree = JsonTrees.toTree(data);
                } catch (JsonTrees.NotJsonException e) {
                    // names where in the data, never the value
                    throw unresolved(at, "the data at " + e.path() + " is " + e.problem(), null);
                }
            }
            return tree;
        }
    }

    /**
     * The path of a string that is exactly one <code>{{path}}</code> (blanks inside and
     * around ignored), or empty when the string is some other template: literals,
     * {@code this}, {@code @root}, {@code ../} and helpers render as templates.
     */
    static Optional<DataPath> wholeValue(String value) {
        String trimmed = value.strip();
        if (!trimmed.startsWith("{{") || !trimmed.endsWith("}}") || trimmed.startsWith("{{{")) {
            return Optional.empty();
        }
        int from = 2;
        while (from < trimmed.length() && Character.isWhitespace(trimmed.charAt(from))) {
            from++;
        }
        DataPath.Embedded found;
        try {
            found = DataPath.parseEmbedded(trimmed, from, false);
        } catch (DataPath.SyntaxException notAPath) {
            return Optional.empty();
        }
        if (!trimmed.substring(found.end(), trimmed.length() - 2).isBlank()) {
            return Optional.empty();
        }
        DataPath.Segment first = found.path().segments().get(0);
        if (!first.bracketed() && List.of("true", "false", "null", "this").contains(first.key())) {
            return Optional.empty();
        }
        return Optional.of(found.path());
    }

    private static DevRigException unresolved(Location at, String why, DevRigError cause) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("path", at.toString());
        if (cause != null) {
            details.put("cause", cause.code());
            details.putAll(cause.details());
        }
        return new DevRigException(DevRigError.of(ActionErrors.ACTION_CONFIG_UNRESOLVED, ErrorCategory.PERMANENT,
                at + ": " + why).withDetails(details));
    }
}
