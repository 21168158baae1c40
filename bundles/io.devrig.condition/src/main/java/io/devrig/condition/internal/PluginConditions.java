package io.devrig.condition.internal;

import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.CustomCondition;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.plugin.PluginInvoker;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Calls plugins' {@link CustomCondition} services through the {@link PluginInvoker}, the
 * one way the core calls plugin code (the plugin's own threads, the time limit, counters,
 * circuit breaker). Without a running plugin host a plugin's condition is not called: the
 * evaluation fails with {@code PLUGIN_ERROR}, as a plugin's action does.
 */
final class PluginConditions implements CustomConditions {

    private final CustomConditionRegistry registry;
    private final Supplier<PluginInvoker> invoker;
    private final Duration limit;

    /** @param invoker the current invoker, or null when there is none */
    PluginConditions(CustomConditionRegistry registry, Supplier<PluginInvoker> invoker, Duration limit) {
        this.registry = registry;
        this.invoker = invoker;
        this.limit = limit;
    }

    @Override
    public boolean call(String pluginId, String functionName, List<Object> args, ConditionContext view) {
        CustomCondition condition = registry.find(pluginId, functionName)
                .orElseThrow(() -> CustomConditions.notFound(pluginId, functionName));
        PluginInvoker current = invoker.get();
        if (current == null) {
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PLUGIN, "condition " + functionName
                    + " belongs to plugin " + pluginId + " but the plugin host is not running");
        }
        return Boolean.TRUE.equals(current.invoke(pluginId, "condition " + functionName, limit,
                () -> condition.test(args, view)));
    }
}
