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
 * Thread-safe.
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
    /** Epoch ms before which GitHub told us not to call again (rate limits); 0 when free. */
    private volatile long blockedUntilMs;
    private volatile boolean lowQuotaWarned;

    GitHubClient(PluginHttp http, PluginSecrets secrets, PluginLog log, Clock clock) {
        this.http = http;
        this.secrets = secrets;
        this.log = log;
        this.clock = clock;
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
        long now = clock.millis();
        long blocked = blockedUntilMs;
        if (blocked > now) {
            throw rateLimited(method + " " + base.endpoint(uri), "GitHub's rate limit is still in force from an"
                    + " earlier answer", blocked - now, Map.of());
        }
        String token = token();
        byte[] bytes = body == null ? null : Json.write(body).getBytes(StandardCharsets.UTF_8);
        URI target = uri;
        for (int hop = 0;; hop++) {
            String endpoint = method + " " + base.endpoint(target);
            OutboundResponse raw = call(new OutboundRequest(method, target, headers(token, bytes != null, extraHeaders),
                    bytes, null, false), endpoint);
            ApiResponse r = new ApiResponse(raw.status(), raw.headers(), scrub(raw.body(), token), target, endpoint);
            noteRateLimit(r);
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

    private void noteRateLimit(ApiResponse r) {
        Long remaining = r.longHeader("x-ratelimit-remaining");
        Long limit = r.longHeader("x-ratelimit-limit");
        Long reset = r.longHeader("x-ratelimit-reset");
        if (remaining == null) {
            return;
        }
        if (remaining == 0 && reset != null && r.status() / 100 == 2) {
            // the quota is used up: the next call would be refused, so do not make it
            blockedUntilMs = Math.max(blockedUntilMs, reset * 1000);
        }
        if (limit != null && limit > 0 && remaining * 10 < limit) {
            if (!lowQuotaWarned) {
                lowQuotaWarned = true;
                log.warn("GitHub rate limit low: {} of {} requests left until {}", remaining, limit,
                        reset == null ? "unknown" : Instant.ofEpochSecond(reset).toString());
            }
        } else {
            lowQuotaWarned = false;
        }
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
                blockedUntilMs = Math.max(blockedUntilMs, clock.millis() + wait);
                return rateLimited(r.endpoint(), "GitHub rate limit reached (" + status + " " + message + ")", wait,
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
     * How long GitHub wants us to wait, or null when a 403/429 is not a rate limit:
     * {@code Retry-After} seconds; {@code X-RateLimit-Remaining: 0} until {@code X-RateLimit-Reset};
     * otherwise a 429 or a "rate limit" message waits a minute, as GitHub's docs ask.
     */
    private Long rateLimitWait(ApiResponse r, String message) {
        Long wait = null;
        Long retryAfter = r.longHeader("retry-after");
        if (retryAfter != null && retryAfter >= 0) {
            wait = retryAfter * 1000;
        }
        Long remaining = r.longHeader("x-ratelimit-remaining");
        Long reset = r.longHeader("x-ratelimit-reset");
        if (remaining != null && remaining == 0 && reset != null) {
            long untilReset = Math.max(1000, reset * 1000 - clock.millis());
            wait = wait == null ? untilReset : Math.max(wait, untilReset);
        }
        if (wait == null && (r.status() == 429 || message.toLowerCase(java.util.Locale.ROOT).contains("rate limit"))) {
            wait = DEFAULT_RATE_LIMIT_WAIT_MS;
        }
        return wait;
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
            d.put("resetAt", Instant.ofEpochSecond(reset).toString());
        }
        String resource = r.header("x-ratelimit-resource");
        if (resource != null) {
            d.put("resource", clean(resource));
        }
        return d;
    }

    private static DevRigException rateLimited(String endpoint, String what, long waitMs, Map<String, Object> details) {
        Map<String, Object> d = new LinkedHashMap<>(details);
        d.put("endpoint", endpoint);
        d.put("retryAfterMs", waitMs);
        return GitHubErrors.transientError(ErrorCodes.RATE_LIMITED, what + " for " + endpoint + "; retry in "
                + Math.max(1, (waitMs + 999) / 1000) + " s", d);
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
