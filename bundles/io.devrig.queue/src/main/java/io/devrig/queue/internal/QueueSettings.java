package io.devrig.queue.internal;

import io.devrig.api.error.ErrorCategory;
import io.devrig.api.retry.RetryPolicy;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Everything {@link QueueConfig} says, validated.
 *
 * @param pool the worker pool
 * @param retryPolicy the default retry policy
 * @param rescueInterval how often expired leases are rescued
 * @param cleanupAfter completed jobs older than this are deleted; zero keeps them
 * @param poisonAfterCrashes process deaths in a row while a job ran that make it poison; 0: never
 */
record QueueSettings(PoolSettings pool, RetryPolicy retryPolicy, Duration rescueInterval, Duration cleanupAfter,
        int poisonAfterCrashes) {

    QueueSettings {
        if (rescueInterval.isZero() || rescueInterval.isNegative()) {
            throw new IllegalArgumentException("rescueIntervalMs must be positive");
        }
        if (cleanupAfter.isNegative()) {
            throw new IllegalArgumentException("cleanupAfterDays must not be negative");
        }
        if (poisonAfterCrashes < 0) {
            throw new IllegalArgumentException("poisonAfterCrashes must not be negative (0 turns it off), got "
                    + poisonAfterCrashes);
        }
    }

    /** @throws IllegalArgumentException naming the setting that is wrong */
    static QueueSettings from(QueueConfig c) {
        PoolSettings pool = new PoolSettings(c.minWorkers(), c.maxWorkers(), Duration.ofMillis(c.idleTimeoutMs()),
                Duration.ofMillis(c.taskTimeoutMs()), Duration.ofMillis(c.pollIntervalMs()),
                Duration.ofMillis(c.leaseMs()), PoolSettings.DEFAULTS.interruptGrace(),
                Duration.ofMillis(c.shutdownGraceMs()), c.claimBatch());
        Set<ErrorCategory> retryOn = EnumSet.noneOf(ErrorCategory.class);
        for (String entry : c.retryOn() == null ? new String[0] : c.retryOn()) {
            // a .cfg file has no arrays: "transient, resource" arrives as one string
            for (String name : entry.split(",")) {
                if (!name.isBlank()) {
                    retryOn.add(ErrorCategory.fromWireName(name));
                }
            }
        }
        RetryPolicy policy = new RetryPolicy(RetryPolicy.Strategy.fromWireName(c.retryStrategy()), c.retryBaseDelayMs(),
                c.retryMaxDelayMs(), c.retryJitter(), retryOn, c.maxAttempts());
        return new QueueSettings(pool, policy, Duration.ofMillis(c.rescueIntervalMs()),
                Duration.ofDays(c.cleanupAfterDays()), c.poisonAfterCrashes());
    }
}
