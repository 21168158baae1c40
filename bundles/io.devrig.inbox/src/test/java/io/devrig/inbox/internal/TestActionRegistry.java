package io.devrig.inbox.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionMetrics;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/** Action types with a plugin and a body; records every invocation. Input is the config as given. */
final class TestActionRegistry implements ActionRegistry {

    record Entry(String pluginId, BiFunction<Map<String, Object>, ActionInvocation, Object> body) {
    }

    final Map<String, Entry> types = new LinkedHashMap<>();
    final List<ActionInvocation> invocations = new ArrayList<>();

    TestActionRegistry add(String type, String pluginId, BiFunction<Map<String, Object>, ActionInvocation, Object> body) {
        types.put(type, new Entry(pluginId, body));
        return this;
    }

    @Override
    public List<ActionDescriptor> list() {
        return types.keySet().stream().map(t -> ActionDescriptor.of(t, t, "", null, null)).toList();
    }

    @Override
    public List<ActionDescriptor> listByCategory(String category) {
        return list().stream().filter(d -> d.category().equals(category)).toList();
    }

    @Override
    public Optional<ActionDescriptor> descriptor(String type) {
        return types.containsKey(type) ? Optional.of(ActionDescriptor.of(type, type, "", null, null)) : Optional.empty();
    }

    @Override
    public Optional<String> pluginId(String type) {
        Entry e = types.get(type);
        return e == null ? Optional.empty() : Optional.ofNullable(e.pluginId());
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
        try {
            Object out = types.get(invocation.type()).body().apply(invocation.config(), invocation);
            return new ActionOutcome(invocation.config(), out, null, List.of(), false, 1);
        } catch (DevRigException e) {
            return new ActionOutcome(invocation.config(), null, e.error(), List.of(), false, 1);
        }
    }

    @Override
    public Object resolve(Map<String, Object> config, Map<String, Object> data) {
        return config;
    }

    @Override
    public List<ActionMetrics> metrics() {
        return List.of();
    }

    static ActionContext context(ActionInvocation i) {
        return i.context();
    }

    static DevRigError error(DevRigException e) {
        return e.error();
    }
}
