package io.devrig.flow.engine.internal;

import io.devrig.api.time.DevRigClock;
import java.time.Instant;

/** {@link DevRigClock}'s stored timestamp format, null-safe for optional columns. */
final class Times {

    private Times() {
    }

    static String iso(Instant instant) {
        return instant == null ? null : DevRigClock.format(instant);
    }

    static Instant parse(String text) {
        return text == null ? null : DevRigClock.parse(text);
    }
}
