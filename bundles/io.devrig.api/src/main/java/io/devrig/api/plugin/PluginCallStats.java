package io.devrig.api.plugin;

import java.time.Instant;

/**
 * What the invoker knows about a plugin's calls.
 *
 * @param pluginId the plugin
 * @param executionCount calls that ran (successful or not); calls refused by an open breaker are not counted
 * @param failureCount calls that threw or timed out
 * @param lastExecutedAt when the last call started, or null
 * @param lastError summary of the last failure ({@code CODE: message}), or null
 * @param breaker the circuit breaker's state
 * @param retryAfterMs while the breaker is open: milliseconds until it lets a trial call through
 */
public record PluginCallStats(String pluginId, long executionCount, long failureCount, Instant lastExecutedAt,
        String lastError, BreakerState breaker, long retryAfterMs) {

    /** The states of a circuit breaker. */
    public enum BreakerState {
        /** Calls go through. */
        CLOSED,
        /** Calls are refused until the reset time has passed: the plugin is degraded. */
        OPEN,
        /** A few trial calls go through; enough successes close the breaker, a failure opens it again. */
        HALF_OPEN
    }

    /** Whether the plugin is degraded (its breaker is not closed). */
    public boolean degraded() {
        return breaker != BreakerState.CLOSED;
    }
}
