package io.devrig.trigger.webhook.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per webhook path: {@code requests} tokens, refilled evenly over
 * {@code perSeconds}, so a burst of {@code requests} passes and then one request every
 * {@code perSeconds / requests} seconds.
 */
final class RateLimiter {

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    RateLimiter(int requests, int perSeconds, LongSupplier nanoTime) {
        this.capacity = requests;
        this.tokensPerNano = requests / (double) TimeUnit.SECONDS.toNanos(perSeconds);
        this.nanoTime = nanoTime;
        this.tokens = requests;
        this.last = nanoTime.getAsLong();
    }

    /** Takes a token: 0 when the request may pass, else the whole seconds until one is there (at least 1). */
    synchronized long acquire() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * tokensPerNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        double nanos = (1 - tokens) / tokensPerNano;
        return Math.max(1, (long) Math.ceil(nanos / TimeUnit.SECONDS.toNanos(1)));
    }
}
