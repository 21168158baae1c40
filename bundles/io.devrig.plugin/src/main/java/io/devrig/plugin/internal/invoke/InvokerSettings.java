package io.devrig.plugin.internal.invoke;

import java.time.Duration;
import java.util.Map;

/**
 * @param defaultTimeout time limit of a call when neither the caller nor the plugin's settings give one
 * @param timeouts per-plugin time limits
 * @param threadsPerPlugin calls of one plugin that may run at once
 * @param breaker circuit-breaker thresholds
 */
record InvokerSettings(Duration defaultTimeout, Map<String, Duration> timeouts, int threadsPerPlugin,
        BreakerSettings breaker) {

    static final InvokerSettings DEFAULTS = new InvokerSettings(Duration.ofSeconds(30), Map.of(), 4,
            BreakerSettings.DEFAULTS);

    InvokerSettings {
        timeouts = Map.copyOf(timeouts);
        if (threadsPerPlugin < 1) {
            throw new IllegalArgumentException("threadsPerPlugin must be at least 1");
        }
    }

    Duration timeoutFor(String pluginId) {
        return timeouts.getOrDefault(pluginId, defaultTimeout);
    }
}
