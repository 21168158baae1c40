package io.devrig.api.error;

import java.util.Locale;

/**
 * What kind of failure happened, which decides what a retry policy does with it
 * (seed architecture §15.1, §15.2).
 */
public enum ErrorCategory {
    /** Network blips, rate limits, a busy database: a retry will likely succeed. */
    TRANSIENT(true),
    /** Invalid input, authentication failure, a missing thing: retrying changes nothing. */
    PERMANENT(false),
    /** Out of memory, disk full, quota exceeded: retry with backoff. */
    RESOURCE(true),
    /** The work exceeded its time limit. */
    TIMEOUT(true),
    /** A user or the system cancelled the work: never retried. */
    CANCELLED(false),
    /** Plugin code failed or is unavailable: retried after the plugin recovers. */
    PLUGIN(true);

    private final boolean retryableByDefault;

    ErrorCategory(boolean retryableByDefault) {
        this.retryableByDefault = retryableByDefault;
    }

    /** Whether errors of this category are retried unless a policy says otherwise. */
    public boolean retryableByDefault() {
        return retryableByDefault;
    }

    /** The lower-case name used in JSON and the database ({@code "transient"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a wire name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ErrorCategory fromWireName(String name) {
        if (name != null) {
            for (ErrorCategory c : values()) {
                if (c.name().equalsIgnoreCase(name.trim())) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown error category '" + name
                + "'; expected one of transient, permanent, resource, timeout, cancelled, plugin");
    }
}
