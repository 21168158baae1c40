package io.devrig.condition.internal;

import io.devrig.api.condition.ConditionContext;
import io.devrig.api.condition.CustomCondition;
import io.devrig.api.plugin.PluginCall;
import io.devrig.api.plugin.PluginInvoker;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Calls plugins' {@link CustomCondition} services under the time limit: through the
 * {@link PluginInvoker} when there is one (the plugin's own threads, counters, circuit
 * breaker), else through the engine's own {@link TimeLimiter}.
 */
final class PluginConditions implements CustomConditions {

    private final CustomConditionRegistry registry;
    private final Supplier<PluginInvoker> invoker;
    private final TimeLimiter fallback;
    private final Duration limit;

    /** @param invoker the current invoker, or null when there is none */
    PluginConditions(CustomConditionRegistry registry, Supplier<PluginInvoker> invoker, TimeLimiter fallback,
            Duration limit) {
        this.registry = registry;
        this.invoker = invoker;
        this.fallback = fallback;
        this.limit = limit;
    }

    @Override
    public boolean call(String pluginId, String functionName, List<Object> args, ConditionContext view) {
        CustomCondition condition = registry.find(pluginId, functionName)
                .orElseThrow(() -> CustomConditions.notFound(pluginId, functionName));
        PluginCall<Boolean> call = () -> condition.test(args, view);
        String operation = "condition " + functionName;
        PluginInvoker current = invoker.get();
        Boolean result = current != null ? current.invoke(pluginId, operation, limit, call)
                : fallback.invoke(pluginId, operation, limit, call);
        return Boolean.TRUE.equals(result);
    }
}
