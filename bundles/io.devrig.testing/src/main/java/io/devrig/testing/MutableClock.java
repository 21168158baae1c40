package io.devrig.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A UTC clock a test sets and moves instead of waiting: rate limits, pacing, signature
 * timestamps and anything else that reads a {@link Clock} see the time the test chose.
 * Safe to read from other threads (the instant is volatile).
 */
public final class MutableClock extends Clock {

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Starting at the current time. */
    public MutableClock() {
        this(Instant.now());
    }

    /** Sets the time. */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    /** Moves the time on (or back, with a negative duration). */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    @Override
    public Instant instant() {
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The same clock: a test's time is one time, whatever zone a caller asks for. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
