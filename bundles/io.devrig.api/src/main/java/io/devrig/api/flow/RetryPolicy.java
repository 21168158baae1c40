package io.devrig.api.flow;

/**
 * How a failed node is retried.
 *
 * @param maxAttempts attempts in all, 1 (no retry) to 10
 * @param initialDelayMs delay before the first retry, 0 to 3,600,000
 * @param backoffMultiplier factor applied to the delay after each retry, 1 to 10
 * @param maxDelayMs the longest delay, at least {@code initialDelayMs}, at most 3,600,000
 */
public record RetryPolicy(int maxAttempts, long initialDelayMs, double backoffMultiplier, long maxDelayMs) {

    /** Three attempts, 1 s, doubling, at most 60 s. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(3, 1000, 2.0, 60_000);
    }
}
