package io.devrig.trigger.cron.internal;

import io.devrig.api.time.DevRigClock;
import java.time.Duration;
import java.time.Instant;

/** A clock the test moves by hand. */
final class MutableClock implements DevRigClock {

    private volatile Instant now;

    MutableClock(String isoInstant) {
        this.now = Instant.parse(isoInstant);
    }

    @Override
    public Instant now() {
        return now;
    }

    void set(String isoInstant) {
        now = Instant.parse(isoInstant);
    }

    void advance(Duration d) {
        now = now.plus(d);
    }
}
