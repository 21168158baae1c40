package io.devrig.api.id;

import io.devrig.api.time.DevRigClock;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Random;

/**
 * Makes ULIDs that are strictly increasing within this generator, even when
 * several are made in the same millisecond or the clock steps back: the
 * randomness of the previous id is incremented instead of drawn anew (the ULID
 * specification's monotonic mode). Thread-safe.
 */
public final class UlidGenerator {

    private final DevRigClock clock;
    private final Random random;
    private Ulid last;

    /** A generator on the system clock with a {@link SecureRandom}. */
    public UlidGenerator() {
        this(DevRigClock.system(), new SecureRandom());
    }

    public UlidGenerator(DevRigClock clock, Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The next id, greater than every id this generator made before. */
    public synchronized Ulid next() {
        long now = clock.millis();
        Ulid id;
        if (last != null && now <= last.timestamp()) {
            id = last.increment();
        } else {
            byte[] bytes = new byte[10];
            random.nextBytes(bytes);
            id = Ulid.of(now, bytes);
        }
        last = id;
        return id;
    }

    /** {@link #next()} in text form, as stored in id columns. */
    public String nextString() {
        return next().toString();
    }
}
