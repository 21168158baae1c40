package io.devrig.api.retry;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.ErrorCategory;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.DoubleSupplier;

/**
 * When a failed job is tried again (seed architecture §15.2). Immutable.
 *
 * <p>A failure is retried when its category is in {@code retryOn}, the error itself
 * does not say {@linkplain DevRigError#retryable() retrying is useless}, and the job
 * has attempts left. {@link ErrorCategory#PERMANENT} and {@link ErrorCategory#CANCELLED}
 * are never retried and are refused in {@code retryOn}.
 *
 * @param strategy how the delay grows with the attempt number
 * @param baseDelayMs the delay after the first failed attempt (before jitter), ≥ 0
 * @param maxDelayMs the cap of every delay, ≥ 0
 * @param jitter full jitter: the delay is drawn uniformly from [0, computed delay]
 * @param retryOn the error categories that are retried
 * @param maxAttempts attempts a new job of this policy gets when its request does not say, ≥ 1
 */
public record RetryPolicy(Strategy strategy, long baseDelayMs, long maxDelayMs, boolean jitter,
        Set<ErrorCategory> retryOn, int maxAttempts) {

    /** How the delay grows: base, base × attempt, or base × 2^(attempt-1). */
    public enum Strategy {
        FIXED,
        LINEAR,
        EXPONENTIAL;

        /** The lower-case name used in configuration ({@code "exponential"}). */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Reads a configured name, case-insensitively.
         *
         * @throws IllegalArgumentException naming the accepted values
         */
        public static Strategy fromWireName(String name) {
            if (name != null) {
                for (Strategy s : values()) {
                    if (s.name().equalsIgnoreCase(name.trim())) {
                        return s;
                    }
                }
            }
            throw new IllegalArgumentException("unknown retry strategy '" + name
                    + "'; expected one of fixed, linear, exponential");
        }
    }

    /** The categories retried by default: transient, resource, timeout. */
    public static final Set<ErrorCategory> DEFAULT_RETRY_ON =
            Collections.unmodifiableSet(EnumSet.of(ErrorCategory.TRANSIENT, ErrorCategory.RESOURCE, ErrorCategory.TIMEOUT));

    /** 3 attempts, exponential from 1 s capped at 60 s, full jitter, retry on transient/resource/timeout. */
    public static final RetryPolicy DEFAULTS =
            new RetryPolicy(Strategy.EXPONENTIAL, 1000, 60_000, true, DEFAULT_RETRY_ON, 3);

    public RetryPolicy {
        Objects.requireNonNull(strategy, "strategy");
        if (baseDelayMs < 0) {
            throw new IllegalArgumentException("baseDelayMs must not be negative, got " + baseDelayMs);
        }
        if (maxDelayMs < 0) {
            throw new IllegalArgumentException("maxDelayMs must not be negative, got " + maxDelayMs);
        }
        Objects.requireNonNull(retryOn, "retryOn");
        for (ErrorCategory never : new ErrorCategory[] {ErrorCategory.PERMANENT, ErrorCategory.CANCELLED}) {
            if (retryOn.contains(never)) {
                throw new IllegalArgumentException(never.wireName() + " errors are never retried; remove it from retryOn");
            }
        }
        retryOn = retryOn.isEmpty() ? Collections.emptySet() : Collections.unmodifiableSet(EnumSet.copyOf(retryOn));
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
    }

    /**
     * The delay before the next try after attempt number {@code attempt} failed.
     *
     * @param attempt the attempt that failed, 1 for the first
     * @param random a value in [0, 1), used only with jitter (e.g. {@code ThreadLocalRandom.current()::nextDouble})
     * @return milliseconds, within [0, {@link #maxDelayMs()}]
     */
    public long delayForAttempt(int attempt, DoubleSupplier random) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt numbers start at 1, got " + attempt);
        }
        long delay = switch (strategy) {
            case FIXED -> baseDelayMs;
            case LINEAR -> attempt > maxDelayMs / Math.max(1, baseDelayMs) ? maxDelayMs : baseDelayMs * attempt;
            // base × 2^(attempt-1), saturating instead of overflowing
            case EXPONENTIAL -> attempt - 1 >= 63 || baseDelayMs > (Long.MAX_VALUE >> (attempt - 1))
                    ? Long.MAX_VALUE : baseDelayMs << (attempt - 1);
        };
        delay = Math.min(delay, maxDelayMs);
        if (jitter) {
            double r = random.getAsDouble();
            r = r >= 0 ? Math.min(r, 1) : 0; // also maps NaN to 0
            delay = Math.round(r * delay);
        }
        return delay;
    }

    /** Whether errors of this category are retried under this policy. */
    public boolean retries(ErrorCategory category) {
        return retryOn.contains(category);
    }

    /** Whether this error is retried (when the job has attempts left): its category is retried and it is retryable. */
    public boolean retries(DevRigError error) {
        return error.retryable() && retries(error.category());
    }

    public RetryPolicy withStrategy(Strategy value) {
        return new RetryPolicy(value, baseDelayMs, maxDelayMs, jitter, retryOn, maxAttempts);
    }

    public RetryPolicy withDelays(long baseMs, long maxMs) {
        return new RetryPolicy(strategy, baseMs, maxMs, jitter, retryOn, maxAttempts);
    }

    public RetryPolicy withJitter(boolean value) {
        return new RetryPolicy(strategy, baseDelayMs, maxDelayMs, value, retryOn, maxAttempts);
    }

    public RetryPolicy withRetryOn(Set<ErrorCategory> categories) {
        return new RetryPolicy(strategy, baseDelayMs, maxDelayMs, jitter, categories, maxAttempts);
    }

    public RetryPolicy withMaxAttempts(int value) {
        return new RetryPolicy(strategy, baseDelayMs, maxDelayMs, jitter, retryOn, value);
    }
}
