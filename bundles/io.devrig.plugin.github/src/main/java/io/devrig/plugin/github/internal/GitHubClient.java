package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.api.plugin.sdk.PluginLog;
import io.devrig.api.plugin.sdk.PluginSecrets;
import io.devrig.api.secrets.SecretValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GitHub's REST API through the SDK's policed {@code PluginHttp}: the token from the vault,
 * GitHub's recommended headers, same-host redirects, rate-limit bookkeeping and the mapping
 * of error responses to {@link DevRigException}s the scheduler and the action pipeline act on.
 * A rate limit GitHub announces is kept in {@link RateLimits}, shared by every client of the
 * bundle: until it has passed, every call with that token fails with {@code RATE_LIMITED}
 * before anything is sent. Thread-safe.
 */
final class GitHubClient {

    /** The secret's name for {@link PluginSecrets#get}; the vault stores it as {@link #VAULT_NAME}. */
    static final String TOKEN_SECRET = "token";
    static final String VAULT_NAME = "io.devrig.plugin.github/token";
    static final String API_VERSION = "2022-11-28";
    /** GitHub asks to wait at least a minute after a secondary rate limit without Retry-After. */
    static final long DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;
    private static final int MAX_REDIRECTS = 3;
    private static final int MAX_MESSAGE = 300;

    private final PluginHttp http;
    private final PluginSecrets secrets;
    private final PluginLog log;
    private final Clock clock;
    /** Where GitHub's rate limits are remembered, shared with the bundle's other clients. */
    private final RateLimits limits;
    private volatile boolean lowQuotaWarned;

    GitHubClient(PluginHttp http, PluginSecrets secrets, PluginLog log, Clock clock, RateLimits limits) {
        this.http = http;
        this.secrets = secrets;
        this.log = log;
        this.clock = clock;
        this.limits = limits;
    }

    Clock clock() {
        return clock;
    }

    /**
     * A GET that may be conditional; answers 2xx or 304, anything else is thrown as mapped by
     * {@link #failure}.
     */
    ApiResponse get(ApiBase base, URI uri, Map<String, String> conditional) {
        ApiResponse r = exchange(base, "GET", uri, null, conditional);
        if (r.status() == 304 && conditional.isEmpty()) {
            // "not modified" since nothing: a stored page of another request must not stand in for it
            throw GitHubErrors.transientError(GitHubErrors.BAD_RESPONSE, "GitHub answered " + r.endpoint()
                    + " with 304 Not Modified to a request without validators", Map.of("endpoint", r.endpoint()));
        }
        if (r.status() / 100 == 2 || r.status() == 304) {
            return r;
        }
        throw failure(r);
    }

    /** A request that must answer 2xx, anything else is thrown as mapped by {@link #failure}. */
    ApiResponse send(ApiBase base, String method, URI uri, JsonNode body) {
        ApiResponse r = exchange(base, method, uri, body, Map.of());
        if (r.status() / 100 == 2) {
            return r;
        }
        throw failure(r);
    }

    /**
     * One exchange, whatever the status. GET redirects to the same API host are followed (a
     * renamed repository answers 301); others are returned as they are.
     */
    ApiResponse exchange(ApiBase base, String method, URI uri, JsonNode body, Map<String, String> extraHeaders) {
        if (!base.contains(uri)) {
            // only ever reached through a bug: every URL is built from the base
            throw new IllegalArgumentException("refusing to send the GitHub token outside " + base);
        }
        String token = token();
        String limitKey = RateLimits.key(base, token);
        long now = clock.millis();
        RateLimits.Block block = limits.current(limitKey, now);
        if (block != null) {
            throw refused(method + " " + base.endpoint(uri), block, now);
        }
        byte[] bytes = body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8);
        URI target = uri;
        for (int hop = 0;; hop++) {
            String endpoint = method + " " + base.endpoint(target);
            OutboundResponse raw = call(new OutboundRequest(method, target, headers(token, bytes != null, extraHeaders),
                    bytes, null, false), endpoint);
            ApiResponse r = new ApiResponse(raw.status(), raw.headers(), scrub(raw.body(), token), target, endpoint);
            noteRateLimit(r, limitKey);
            log.debug("GitHub {} -> {}", endpoint, r.status());
            URI location = redirect(base, r);
            if (location == null || !method.equals("GET") || hop >= MAX_REDIRECTS) {
                return r;
            }
            target = location;
        }
    }

    private OutboundResponse call(OutboundRequest request, String endpoint) {
        try {
            return http.send(request);
        } catch (DevRigException e) {
            throw e; // the SDK's own errors (policy, timeout, transport) are already categorised
        } catch (RuntimeException e) {
            throw new DevRigException(ErrorCodes.HTTP_ERROR, ErrorCategory.TRANSIENT, "request " + endpoint
                    + " to GitHub failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static Map<String, List<String>> headers(String token, boolean hasBody, Map<String, String> extra) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        h.put("Authorization", List.of("Bearer " + token));
        h.put("Accept", List.of("application/vnd.github+json"));
        h.put("X-GitHub-Api-Version", List.of(API_VERSION));
        h.put("User-Agent", List.of("DevRig"));
        if (hasBody) {
            h.put("Content-Type", List.of("application/json; charset=utf-8"));
        }
        if (extra != null) {
            extra.forEach((k, v) -> {
                if (v != null) {
                    h.put(k, List.of(v));
                }
            });
        }
        return h;
    }

    private static URI redirect(ApiBase base, ApiResponse r) {
        int s = r.status();
        if (s != 301 && s != 302 && s != 307 && s != 308) {
            return null;
        }
        String location = r.header("location");
        if (location == null) {
            return null;
        }
        try {
            URI next = r.uri().resolve(location.trim());
            return base.contains(next) ? next : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private String token() {
        Optional<SecretValue> secret = secrets.get(TOKEN_SECRET);
        if (secret.isEmpty()) {
            throw missingToken();
        }
        try (SecretValue value = secret.get()) {
            String token = value.reveal();
            if (token.isBlank()) {
                throw missingToken();
            }
            return token.trim();
        }
    }

    private static DevRigException missingToken() {
        return GitHubErrors.permanent(GitHubErrors.TOKEN_MISSING, "no GitHub token is stored: run devrig:secret-set "
                + VAULT_NAME + " and paste a personal access token (notifications need the 'notifications' or"
                + " 'repo' scope)", Map.of("secret", VAULT_NAME));
    }

    /** A server must never echo the token; if one does, it goes no further than here. */
    private static byte[] scrub(byte[] body, String token) {
        if (body == null || body.length < token.length()) {
            return body;
        }
        String text = new String(body, StandardCharsets.UTF_8);
        return text.contains(token) ? text.replace(token, "***").getBytes(StandardCharsets.UTF_8) : body;
    }

    /**
     * Remembers what a response says about the rate limit, for every client of this token: a
     * 403/429 that is a rate limit holds calls back for as long as GitHub asks (see
     * {@link #rateLimitWait}); any other answer whose {@code X-RateLimit-Remaining} is 0 holds them
     * back until {@code X-RateLimit-Reset}, because the next call would be refused. Waits are
     * capped at {@link RateLimits#MAX_WAIT_MS}.
     */
    private void noteRateLimit(ApiResponse r, String limitKey) {
        long now = clock.millis();
        if (r.status() == 403 || r.status() == 429) {
            Long wait = rateLimitWait(r, githubMessage(errorBody(r), r));
            if (wait != null) {
                limits.block(limitKey, now, now + wait, limitKind(r) + " (" + r.status() + " to " + r.endpoint() + ")");
            }
            return;
        }
        Long remaining = r.longHeader("x-ratelimit-remaining");
        Long limit = r.longHeader("x-ratelimit-limit");
        Long reset = r.longHeader("x-ratelimit-reset");
        if (remaining == null) {
            return;
        }
        if (remaining == 0 && reset != null && r.status() != 401) {
            // the quota is used up: the next call would be refused, so do not make it
            limits.block(limitKey, now, epochMillis(reset), "the primary rate limit is used up ("
                    + r.endpoint() + " left 0 requests)");
        }
        if (limit != null && limit > 0 && remaining * 10 < limit) {
            if (!lowQuotaWarned) {
                lowQuotaWarned = true;
                log.warn("GitHub rate limit low: {} of {} requests left until {}", remaining, limit,
                        reset == null ? "unknown" : Instant.ofEpochMilli(epochMillis(reset)).toString());
            }
        } else {
            lowQuotaWarned = false;
        }
    }

    private static String limitKind(ApiResponse r) {
        Long remaining = r.longHeader("x-ratelimit-remaining");
        return remaining != null && remaining == 0 ? "GitHub's primary rate limit was reached"
                : "GitHub's secondary rate limit was reached";
    }

    /** Epoch seconds as milliseconds, saturating instead of overflowing on a broken header. */
    private static long epochMillis(long epochSeconds) {
        return epochSeconds > Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : epochSeconds < 0 ? 0 : epochSeconds * 1000;
    }

    /** The error for a response that is not a success, with GitHub's own message. */
    DevRigException failure(ApiResponse r) {
        int status = r.status();
        JsonNode error = errorBody(r);
        String message = githubMessage(error, r);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("endpoint", r.endpoint());
        details.put("status", status);
        String doc = Json.text(error, "documentation_url");
        if (doc != null && doc.length() <= 500) {
            details.put("documentationUrl", doc);
        }
        if (status == 401) {
            return GitHubErrors.permanent(GitHubErrors.UNAUTHORIZED, "GitHub rejected the token (401 " + message
                    + ") for " + r.endpoint() + ": store a valid token with devrig:secret-set " + VAULT_NAME, details);
        }
        if (status == 403 || status == 429) {
            Long wait = rateLimitWait(r, message);
            if (wait != null) {
                return rateLimited(r.endpoint(), "GitHub rate limit reached (" + status + " " + message + ") for "
                        + r.endpoint(), clock.millis(), wait,
                        rateDetails(r, details));
            }
            return GitHubErrors.permanent(GitHubErrors.FORBIDDEN, "GitHub refused " + r.endpoint() + " (403 " + message
                    + "): the token lacks a scope or access to this resource", details);
        }
        if (status == 404 || status == 410) {
            return GitHubErrors.permanent(GitHubErrors.NOT_FOUND, "GitHub has no " + r.endpoint() + " (" + status + " "
                    + message + "): it does not exist or the token cannot see it", details);
        }
        if (status == 422) {
            List<Object> errors = new ArrayList<>();
            if (error != null && error.path("errors").isArray()) {
                error.path("errors").forEach(e -> {
                    if (errors.size() < 10) {
                        errors.add(e.isTextual() ? clean(e.asText()) : clean(Json.write(e)));
                    }
                });
            }
            if (!errors.isEmpty()) {
                details.put("errors", errors);
            }
            return GitHubErrors.permanent(GitHubErrors.VALIDATION_FAILED, "GitHub refused " + r.endpoint() + " (422 "
                    + message + ")" + (errors.isEmpty() ? "" : ": " + errors.get(0)), details);
        }
        if (status >= 500) {
            return GitHubErrors.transientError(GitHubErrors.UNAVAILABLE, "GitHub is unavailable: " + r.endpoint()
                    + " answered " + status + " " + message, details);
        }
        if (status / 100 == 3) {
            String location = r.header("location");
            return GitHubErrors.permanent(GitHubErrors.REQUEST_FAILED, "GitHub redirected " + r.endpoint() + " ("
                    + status + ") to " + (location == null ? "nowhere" : clean(location))
                    + ", which is not under the configured API URL: not followed", details);
        }
        return GitHubErrors.permanent(GitHubErrors.REQUEST_FAILED, "GitHub refused " + r.endpoint() + " (" + status
                + " " + message + ")", details);
    }

    /**
     * How long GitHub wants us to wait, or null when a 403/429 is not a rate limit, as GitHub
     * documents it: {@code Retry-After} seconds; {@code X-RateLimit-Remaining: 0} until
     * {@code X-RateLimit-Reset} (the larger if both); otherwise a 429, a "rate limit" message, or
     * a remaining of 0 or a Retry-After that cannot be read wait a minute. Never more than
     * {@link RateLimits#MAX_WAIT_MS}, never less than a second.
     */
    private Long rateLimitWait(ApiResponse r, String message) {
        Long wait = null;
        Long retryAfter = r.longHeader("retry-after");
        if (retryAfter != null && retryAfter >= 0) {
            wait = retryAfter > RateLimits.MAX_WAIT_MS / 1000 ? RateLimits.MAX_WAIT_MS : retryAfter * 1000;
        }
        Long remaining = r.longHeader("x-ratelimit-remaining");
        Long reset = r.longHeader("x-ratelimit-reset");
        if (remaining != null && remaining == 0 && reset != null) {
            long untilReset = Math.max(1000, epochMillis(reset) - clock.millis());
            wait = wait == null ? untilReset : Math.max(wait, untilReset);
        }
        boolean limited = r.status() == 429 || remaining != null && remaining == 0 || r.header("retry-after") != null
                || message.toLowerCase(java.util.Locale.ROOT).contains("rate limit");
        if (wait == null && limited) {
            wait = DEFAULT_RATE_LIMIT_WAIT_MS;
        }
        return wait == null ? null : Math.max(1000, Math.min(wait, RateLimits.MAX_WAIT_MS));
    }

    private static Map<String, Object> rateDetails(ApiResponse r, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        Long limit = r.longHeader("x-ratelimit-limit");
        Long remaining = r.longHeader("x-ratelimit-remaining");
        Long reset = r.longHeader("x-ratelimit-reset");
        if (limit != null) {
            d.put("limit", limit);
        }
        if (remaining != null) {
            d.put("remaining", remaining);
        }
        if (reset != null) {
            d.put("resetAt", Instant.ofEpochMilli(epochMillis(reset)).toString());
        }
        String resource = r.header("x-ratelimit-resource");
        if (resource != null) {
            d.put("resource", clean(resource));
        }
        return d;
    }

    /** A call held back by a remembered rate limit: nothing was sent. */
    private static DevRigException refused(String endpoint, RateLimits.Block block, long now) {
        return rateLimited(endpoint, block.reason() + ": " + endpoint + " was not sent", now, block.untilMs() - now,
                Map.of("sent", false));
    }

    /** {@code RATE_LIMITED} (transient) saying when calls resume; {@code retryAfterMs} for the scheduler. */
    private static DevRigException rateLimited(String endpoint, String what, long now, long waitMs,
            Map<String, Object> details) {
        String resumeAt = Instant.ofEpochMilli(now + waitMs).toString();
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("endpoint", endpoint);
        d.put("retryAfterMs", waitMs);
        d.put("resumeAt", resumeAt);
        return GitHubErrors.transientError(ErrorCodes.RATE_LIMITED, what + "; calls with this token resume at "
                + resumeAt + " (in " + Math.max(1, (waitMs + 999) / 1000) + " s)", d);
    }

    private static JsonNode errorBody(ApiResponse r) {
        try {
            JsonNode node = r.body() == null || r.body().length == 0 ? null : Json.MAPPER.readTree(r.body());
            return node != null && node.isObject() ? node : null;
        } catch (java.io.IOException e) {
            return null; // an error page that is not JSON: the status says enough
        }
    }

    private static String githubMessage(JsonNode error, ApiResponse r) {
        String m = Json.text(error, "message");
        return m == null || m.isBlank() ? "no message" : clean(m);
    }

    /** Text from the server made safe for a one-line message: no control characters, bounded. */
    static String clean(String s) {
        String one = s.replaceAll("\\p{Cntrl}+", " ").trim();
        return one.length() > MAX_MESSAGE ? one.substring(0, MAX_MESSAGE) + "…" : one;
    }
}
