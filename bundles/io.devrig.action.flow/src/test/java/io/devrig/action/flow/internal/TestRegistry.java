package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionErrors;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionMetrics;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.template.TemplateEngine;
import io.devrig.template.internal.TemplateEngineComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small registry that follows the {@link ActionRegistry} contract closely enough for the
 * loop: config resolution with the real template engine (a string with <code>{{</code> is
 * a template, exactly one <code>{{path}}</code> keeps the value's type, <code>{"$ref"}</code>
 * reads a value), dry-run previews, and failures as outcomes, never exceptions. It records
 * every invocation.
 */
final class TestRegistry implements ActionRegistry {

    private static final TemplateEngine TEMPLATES = new TemplateEngineComponent();
    private static final Pattern SINGLE = Pattern.compile("^\\{\\{\\s*([A-Za-z0-9_@.\\[\\]-]+)\\s*\\}\\}$");

    final List<ActionInvocation> invocations = new CopyOnWriteArrayList<>();
    private final Map<String, ActionExecutor> executors = new ConcurrentHashMap<>();

    TestRegistry add(ActionExecutor executor) {
        executors.put(executor.descriptor().type(), executor);
        return this;
    }

    @Override
    public List<ActionDescriptor> list() {
        return executors.values().stream().map(ActionExecutor::descriptor).toList();
    }

    @Override
    public List<ActionDescriptor> listByCategory(String category) {
        return list().stream().filter(d -> d.category().equals(category)).toList();
    }

    @Override
    public Optional<ActionDescriptor> descriptor(String type) {
        return Optional.ofNullable(executors.get(type)).map(ActionExecutor::descriptor);
    }

    @Override
    public Optional<String> pluginId(String type) {
        return Optional.empty();
    }

    @Override
    public List<String> validateConfig(String type, Map<String, Object> config) {
        return List.of();
    }

    @Override
    public Map<String, Object> migrateConfig(String type, int fromVersion, Map<String, Object> config) {
        return config;
    }

    @Override
    public ActionOutcome execute(ActionInvocation invocation) {
        invocations.add(invocation);
        ActionExecutor executor = executors.get(invocation.type());
        if (executor == null) {
            return failed(null, DevRigError.of(ActionErrors.ACTION_UNKNOWN, ErrorCategory.TRANSIENT, "unknown"));
        }
        Object input;
        try {
            input = resolve(invocation.config(), invocation.data());
        } catch (DevRigException e) {
            return failed(null, DevRigError.of(ActionErrors.ACTION_CONFIG_UNRESOLVED, ErrorCategory.PERMANENT,
                    e.getMessage()));
        }
        long start = System.nanoTime();
        try {
            boolean preview = invocation.context().dryRun() && executor.descriptor().sideEffects();
            Object output = preview ? executor.preview(input, invocation.context())
                    : executor.execute(input, invocation.context());
            return new ActionOutcome(input, output, null, List.of(), preview, (System.nanoTime() - start) / 1_000_000);
        } catch (DevRigException e) {
            return failed(input, e.error());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(input, DevRigError.of(ActionErrors.ACTION_CANCELLED, ErrorCategory.CANCELLED, "interrupted"));
        } catch (Exception e) {
            return failed(input, DevRigError.of(ActionErrors.ACTION_FAILED, ErrorCategory.PLUGIN, "failed"));
        }
    }

    private static ActionOutcome failed(Object input, DevRigError error) {
        return new ActionOutcome(input, null, error, List.of(), false, 0);
    }

    @Override
    public Object resolve(Map<String, Object> config, Map<String, Object> data) {
        return value(config, data);
    }

    private static Object value(Object value, Map<String, Object> data) {
        if (value instanceof String s && s.contains("{{")) {
            Matcher single = SINGLE.matcher(s);
            return single.matches() ? lookup(data, single.group(1)) : TEMPLATES.compile(s).render(data);
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("$ref") instanceof String path) {
                return lookup(data, path);
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, value(v, data)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(value(v, data)));
            return out;
        }
        return value;
    }

    private static Object lookup(Object root, String path) {
        Object current = root;
        for (String part : path.replace("[", ".").replace("]", "").split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(part);
            } else if (current instanceof List<?> list && part.matches("\\d+") && Integer.parseInt(part) < list.size()) {
                current = list.get(Integer.parseInt(part));
            } else {
                return null;
            }
        }
        return current;
    }

    @Override
    public List<ActionMetrics> metrics() {
        return List.of();
    }
}
