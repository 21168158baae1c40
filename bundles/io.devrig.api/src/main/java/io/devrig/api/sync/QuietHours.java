package io.devrig.api.sync;

import java.util.Objects;

/**
 * A daily window in which no sync starts, e.g. 22:00 to 07:00 in Europe/Berlin (a window
 * may wrap midnight).
 *
 * @param start {@code HH:mm}
 * @param end {@code HH:mm}
 * @param zone an IANA time zone id
 */
public record QuietHours(String start, String end, String zone) {

    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
    }
}
