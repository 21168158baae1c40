package io.devrig.api.time;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The time source DevRig components use. Production code takes
 * {@link #system()}; tests pass a lambda ({@code () -> instant}) and move time
 * by hand, so leases, retries and timeouts are tested without sleeping.
 */
@ConsumerType
@FunctionalInterface
public interface DevRigClock {

    /** Stored timestamp format: UTC, ISO-8601, milliseconds, e.g. {@code 2026-11-23T08:15:30.123Z}. */
    DateTimeFormatter TIMESTAMP_FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The current instant. */
    Instant now();

    /** The current time in milliseconds since the epoch. */
    default long millis() {
        return now().toEpochMilli();
    }

    /** The current time in the stored timestamp format. */
    default String timestamp() {
        return format(now());
    }

    /** The wall clock. */
    static DevRigClock system() {
        return Instant::now;
    }

    /** Formats an instant the way DevRig stores timestamps (millisecond precision, UTC). */
    static String format(Instant instant) {
        return Timestamps.format(instant);
    }

    /** Parses a stored timestamp (any ISO-8601 instant is accepted). */
    static Instant parse(CharSequence text) {
        return Timestamps.parse(text);
    }
}
