package io.devrig.http.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Validated outbound HTTP settings (from {@link HttpConfig} or tests).
 *
 * @param allowList destinations let through although the policy refuses them
 * @param connectTimeout time limit for opening a connection
 * @param requestTimeout time limit for a whole exchange, redirects included, when the request sets none
 * @param maxRedirects redirects followed per request
 * @param maxResponseBytes largest (decoded) response body accepted
 */
record HttpSettings(AllowList allowList, Duration connectTimeout, Duration requestTimeout, int maxRedirects,
        int maxResponseBytes) {

    public static final int MAX_REDIRECTS_LIMIT = 50;

    public HttpSettings {
        Objects.requireNonNull(allowList, "allowList");
        requirePositive(connectTimeout, "connectTimeoutMs");
        requirePositive(requestTimeout, "requestTimeoutMs");
        if (maxRedirects < 0 || maxRedirects > MAX_REDIRECTS_LIMIT) {
            throw new IllegalArgumentException("maxRedirects must be between 0 and " + MAX_REDIRECTS_LIMIT + ", got "
                    + maxRedirects);
        }
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be positive, got " + maxResponseBytes);
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d.toMillis());
        }
    }

    /** Connect 10 s, request 30 s, 5 redirects, 10 MiB, nothing allow-listed. */
    public static HttpSettings defaults() {
        return new HttpSettings(AllowList.empty(), Duration.ofSeconds(10), Duration.ofSeconds(30), 5, 10 * 1024 * 1024);
    }

    /**
     * Reads the Config Admin settings.
     *
     * @throws IllegalArgumentException naming the bad value (or every bad allow-list entry)
     */
    public static HttpSettings from(HttpConfig config) {
        if (config.connectTimeoutMs() < 1) {
            throw new IllegalArgumentException("connectTimeoutMs must be positive, got " + config.connectTimeoutMs());
        }
        if (config.requestTimeoutMs() < 1) {
            throw new IllegalArgumentException("requestTimeoutMs must be positive, got " + config.requestTimeoutMs());
        }
        return new HttpSettings(AllowList.parse(config.allowList()), Duration.ofMillis(config.connectTimeoutMs()),
                Duration.ofMillis(config.requestTimeoutMs()), config.maxRedirects(), config.maxResponseBytes());
    }

    public HttpSettings withAllowList(String... entries) {
        return new HttpSettings(AllowList.parse(entries), connectTimeout, requestTimeout, maxRedirects, maxResponseBytes);
    }

    public HttpSettings withRequestTimeout(Duration value) {
        return new HttpSettings(allowList, connectTimeout, value, maxRedirects, maxResponseBytes);
    }

    public HttpSettings withMaxRedirects(int value) {
        return new HttpSettings(allowList, connectTimeout, requestTimeout, value, maxResponseBytes);
    }

    public HttpSettings withMaxResponseBytes(int value) {
        return new HttpSettings(allowList, connectTimeout, requestTimeout, maxRedirects, value);
    }
}
