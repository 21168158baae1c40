package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionInvocation;
import io.devrig.api.action.ActionMetrics;
import io.devrig.api.action.ActionOutcome;
import io.devrig.api.action.ActionRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.ComponentServiceObjects;

/** The action registry, got from the framework on first use (see {@link LoopActionComponent}). */
final class RegistryOnDemand implements ActionRegistry {

    private final ComponentServiceObjects<ActionRegistry> objects;
    private ActionRegistry registry;

    RegistryOnDemand(ComponentServiceObjects<ActionRegistry> objects) {
        this.objects = objects;
    }

    private synchronized ActionRegistry get() {
        if (registry == null) {
            registry = objects.getService();
        }
        return registry;
    }

    synchronized void release() {
        if (registry != null) {
            objects.ungetService(registry);
            registry = null;
        }
    }

    @Override public List<ActionDescriptor> list() { return get().list(); }
    @Override public List<ActionDescriptor> listByCategory(String category) { return get().listByCategory(category); }
    @Override public Optional<ActionDescriptor> descriptor(String type) { return get().descriptor(type); }
    @Override public Optional<String> pluginId(String type) { return get().pluginId(type); }
    @Override public boolean has(String type) { return get().has(type); }

    @Override
    public List<String> validateConfig(String type, Map<String, Object> config) {
        return get().validateConfig(type, config);
    }

    @Override
    public Map<String, Object> migrateConfig(String type, int fromVersion, Map<String, Object> config) {
        return get().migrateConfig(type, fromVersion, config);
    }

    @Override public ActionOutcome execute(ActionInvocation invocation) { return get().execute(invocation); }
    @Override public Object resolve(Map<String, Object> config, Map<String, Object> data) { return get().resolve(config, data); }
    @Override public List<ActionMetrics> metrics() { return get().metrics(); }
}
