package io.devrig.action.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.plugin.PluginDescriptor;
import io.devrig.common.action.DeclaredActions;
import java.util.Map;
import java.util.Optional;

/**
 * A plugin's executor with the descriptor its plugin declared: the plugin's Java supplies
 * behaviour (execute, preview, migrate), the plugin's {@code plugin.json}, as the plugin host
 * accepted it, supplies what the action is. Matched by the service's one property
 * {@code devrig.capability=action:<id>}.
 */
final class DeclaredAction implements ActionExecutor {

    private final ActionExecutor behaviour;
    private final ActionDescriptor descriptor;
    private final boolean ownPreview;

    private DeclaredAction(ActionExecutor behaviour, ActionDescriptor descriptor) {
        this.behaviour = behaviour;
        this.descriptor = descriptor;
        this.ownPreview = overridesPreview(behaviour.getClass());
    }

    /**
     * The executor with the descriptor of the action its capability property names, or empty
     * when the descriptor declares no such action (the plugin host refuses such a plugin).
     */
    static Optional<ActionExecutor> of(ActionExecutor behaviour, PluginDescriptor plugin, Object capability) {
        String prefix = PluginDescriptor.Action.KIND + ":";
        if (!(capability instanceof String c) || !c.startsWith(prefix)) {
            return Optional.empty();
        }
        return plugin.capabilities().action(c.substring(prefix.length()))
                .map(a -> new DeclaredAction(behaviour, DeclaredActions.descriptor(a, plugin::schema)));
    }

    private static boolean overridesPreview(Class<?> type) {
        return overrides(type, "preview", Object.class, ActionContext.class);
    }

    /**
     * Whether a plugin's executor implements {@link ActionExecutor#descriptor()}: a second
     * description beside plugin.json, never enforced, so the registry refuses it. Reflection
     * only: no plugin code runs.
     */
    static boolean describesItself(Class<?> type) {
        return overrides(type, "descriptor");
    }

    private static boolean overrides(Class<?> type, String method, Class<?>... parameters) {
        try {
            return type.getMethod(method, parameters).getDeclaringClass() != ActionExecutor.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public ActionDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public Object execute(Object input, ActionContext context) throws Exception {
        return behaviour.execute(input, context);
    }

    @Override
    public Object preview(Object input, ActionContext context) {
        // the interface's default preview names the type from descriptor(): ours, not the plugin's (null)
        return ownPreview ? behaviour.preview(input, context) : ActionExecutor.super.preview(input, context);
    }

    @Override
    public Map<String, Object> migrate(int fromVersion, Map<String, Object> config) {
        return behaviour.migrate(fromVersion, config);
    }
}
