package io.devrig.sync.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.sync.QuietHours;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/** Pure scheduling rules of seed §4, kept free of OSGi and the store so they are unit-testable. */
public final class SyncPolicy {

    public static final long MIN_INTERVAL_MS = 30_000L;
    public static final long DEFAULT_INTERVAL_MS = 300_000L;
    static final long BACKOFF_BASE_MS = 60_000L;
    static final long BACKOFF_MAX_MS = 3_600_000L;
    /** A failing source's backoff: exponential from 1 min, at most 1 h, no jitter (one source, no herd). */
    static final RetryPolicy BACKOFF = new RetryPolicy(RetryPolicy.Strategy.EXPONENTIAL, BACKOFF_BASE_MS,
            BACKOFF_MAX_MS, false, RetryPolicy.DEFAULT_RETRY_ON, Integer.MAX_VALUE);
    private static final DoubleSupplier NO_JITTER = () -> 0;

    private SyncPolicy() {
    }

    /** The interval in force: admin override, else plugin default, else 5 min; never below 30 s. */
    public static long effectiveInterval(Long override, Long pluginDefault) {
        long v = override != null ? override : pluginDefault != null ? pluginDefault : DEFAULT_INTERVAL_MS;
        return Math.max(v, MIN_INTERVAL_MS);
    }

    /** An admin's interval: refused below the minimum rather than silently raised. */
    public static long validateInterval(long intervalMs) {
        if (intervalMs < MIN_INTERVAL_MS) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "$.intervalMs: " + intervalMs + " is below the minimum of " + MIN_INTERVAL_MS + " ms");
        }
        return intervalMs;
    }

    /** Delay after the n-th consecutive failure: 1 min ×2 per failure, at most 1 h, at least retryAfterMs. */
    public static long backoffMs(int consecutiveFailures, Long retryAfterMs) {
        long d = BACKOFF.delayForAttempt(Math.max(1, consecutiveFailures), NO_JITTER);
        return retryAfterMs != null && retryAfterMs > d ? retryAfterMs : d;
    }

    /** retryAfterMs from a DevRigException's details, or null. */
    public static Long retryAfter(Throwable t) {
        if (t instanceof DevRigException e && e.error().details().get("retryAfterMs") instanceof Number n) {
            return n.longValue();
        }
        return null;
    }

    /** Checks start, end (HH:mm) and zone; INVALID_INPUT with the JSON path otherwise. */
    public static void validate(QuietHours q) {
        parseTime(q.start(), "$.quietHours.start");
        parseTime(q.end(), "$.quietHours.end");
        try {
            ZoneId.of(q.zone());
        } catch (DateTimeException e) {
            throw invalid("$.quietHours.zone: unknown time zone '" + q.zone() + "'");
        }
    }

    /** Whether {@code now} lies in the window [start, end) in its zone; a window may wrap midnight. */
    public static boolean inQuietHours(QuietHours q, Instant now) {
        if (q == null) {
            return false;
        }
        LocalTime start = parseTime(q.start(), "$.quietHours.start");
        LocalTime end = parseTime(q.end(), "$.quietHours.end");
        LocalTime t = now.atZone(ZoneId.of(q.zone())).toLocalTime();
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end) ? !t.isBefore(start) && t.isBefore(end) : !t.isBefore(start) || t.isBefore(end);
    }

    /** Whether the scheduler should enqueue a cycle for a source now. */
    public static boolean isDue(boolean enabled, boolean available, boolean running, Instant nextSyncAt,
            QuietHours quiet, Instant now) {
        return enabled && available && !running && (nextSyncAt == null || !now.isBefore(nextSyncAt))
                && !inQuietHours(quiet, now);
    }

    private static LocalTime parseTime(String s, String path) {
        if (s == null || !s.matches("\\d{2}:\\d{2}")) {
            throw invalid(path + ": expected HH:mm, got '" + s + "'");
        }
        try {
            return LocalTime.parse(s);
        } catch (DateTimeParseException e) {
            throw invalid(path + ": expected HH:mm, got '" + s + "'");
        }
    }

    private static DevRigException invalid(String msg) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, msg);
    }
}
