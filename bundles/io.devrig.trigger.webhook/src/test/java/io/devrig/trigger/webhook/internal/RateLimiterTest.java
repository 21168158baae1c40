package io.devrig.trigger.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private long now = 1_000;

    @Test
    void aBurstPassesThenOneTokenPerIntervalWithTheWaitToldInSeconds() {
        RateLimiter limiter = new RateLimiter(2, 10, () -> now);

        assertThat(limiter.acquire()).isZero();
        assertThat(limiter.acquire()).isZero();
        assertThat(limiter.acquire()).isEqualTo(5); // one token per 5 s

        now += TimeUnit.SECONDS.toNanos(4);
        assertThat(limiter.acquire()).isEqualTo(1); // 4/5 of a token: the wait rounds up
        now += TimeUnit.SECONDS.toNanos(1);
        assertThat(limiter.acquire()).isZero();
        assertThat(limiter.acquire()).isEqualTo(5);

        now += TimeUnit.HOURS.toNanos(1); // refills up to the burst, not beyond
        assertThat(limiter.acquire()).isZero();
        assertThat(limiter.acquire()).isZero();
        assertThat(limiter.acquire()).isPositive();
    }
}
