package io.devrig.plugin.internal.invoke;

import java.time.Duration;

/**
 * Circuit-breaker thresholds.
 *
 * @param failureThreshold consecutive failures that open the breaker
 * @param resetTimeout how long it stays open before letting trial calls through
 * @param halfOpenTrials trial calls let through at once, and successes needed to close again
 */
record BreakerSettings(int failureThreshold, Duration resetTimeout, int halfOpenTrials) {

    static final BreakerSettings DEFAULTS = new BreakerSettings(10, Duration.ofSeconds(60), 2);

    BreakerSettings {
        if (failureThreshold < 1 || halfOpenTrials < 1 || resetTimeout.isNegative() || resetTimeout.isZero()) {
            throw new IllegalArgumentException("breaker settings must be positive");
        }
    }
}
