package io.devrig.sdk.testkit;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.common.plugin.Permissions;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link PluginHttp} that really sends, with the rules of DevRig's that an author meets:
 * the {@code network} permission; http(s) URIs and the methods DevRig's client takes
 * ({@code INVALID_INPUT} otherwise); only destinations on an allow list
 * ({@code HTTP_DESTINATION_REFUSED} naming the host) — here {@code 127.0.0.1} unless the
 * test {@link #allow allows} more, as an admin allow-lists a private address in DevRig;
 * a timeout is {@code HTTP_TIMEOUT} (the request's timeout is for the whole exchange,
 * redirects included), an I/O failure {@code HTTP_ERROR} (transient), an interrupt
 * {@code CANCELLED}; an HTTP error status is a response, not an exception. Response header
 * names are lower case.
 *
 * <p>Redirects, when the request asks for them, as DevRig's client follows them: only
 * 301, 302, 303, 307 and 308 with a {@code Location}; at most 5, more is
 * {@code HTTP_TOO_MANY_REDIRECTS}; each hop checked against the allow list (a refused hop is
 * {@code HTTP_DESTINATION_REFUSED} naming the hop, {@code redirect 1 to http://host:port: ...});
 * a 303 turns the request into a GET (a HEAD stays HEAD), a 301 or 302 only a POST; 307 and
 * 308 keep method and body; a request turned into a GET loses its body and
 * {@code Content-Type}; a hop to another origin (scheme, host or port) loses
 * {@code Authorization}, {@code Proxy-Authorization} and {@code Cookie}; an unusable
 * {@code Location} is a permanent {@code HTTP_ERROR}.
 *
 * <p>{@link #requests()} records what went out (each hop), {@link #attempts()} every request
 * the plugin passed to {@link #send}, refused ones too.
 */
public final class LocalPluginHttp implements PluginHttp {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    /** The statuses DevRig's client follows (with a Location); any other is the response. */
    static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    static final int MAX_REDIRECTS = 5;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Credentials that do not follow a redirect to another origin. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    private final PluginKit kit;
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();
    private final List<OutboundRequest> requests = new CopyOnWriteArrayList<>();
    private final List<OutboundRequest> attempts = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    LocalPluginHttp(PluginKit kit) {
        this.kit = kit;
        allowed.add("127.0.0.1");
    }

    /** Allows requests to {@code host} (a name or address, as in a URI). */
    public LocalPluginHttp allow(String host) {
        allowed.add(host.toLowerCase(Locale.ROOT));
        return this;
    }

    /** The requests sent so far (each redirect hop too, as the kit sent it). */
    public List<OutboundRequest> requests() {
        return List.copyOf(requests);
    }

    /**
     * Every request the plugin passed to {@link #send} so far, in order, the very objects it
     * passed: also those refused (no {@code network} permission, an invalid request, a
     * destination not allowed) or failed. Redirect hops are not attempts. For asserting what a
     * plugin did not try, e.g. that a preview sends nothing or a link to another host is not
     * followed: a refused request never reaches {@link #requests()}.
     */
    public List<OutboundRequest> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public OutboundResponse send(OutboundRequest request) {
        attempts.add(request);
        kit.check(Permissions.NETWORK);
        if (!METHODS.contains(request.method())) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "HTTP method " + request.method() + " is not one of " + new java.util.TreeSet<>(METHODS));
        }
        Duration timeout = request.timeout() == null ? DEFAULT_TIMEOUT : request.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "the request timeout must be positive, got " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        check(request.uri());
        OutboundRequest current = request;
        for (int redirects = 0; ; ) {
            requests.add(current);
            OutboundResponse response = exchange(current, deadline, timeout);
            List<String> location = response.headers().getOrDefault("location", List.of());
            if (!current.followRedirects() || !REDIRECTS.contains(response.status()) || location.isEmpty()) {
                return response;
            }
            URI next = resolve(current.uri(), location.get(0));
            if (redirects == MAX_REDIRECTS) {
                throw new DevRigException(DevRigError.of(ErrorCodes.HTTP_TOO_MANY_REDIRECTS, ErrorCategory.PERMANENT,
                        "more than " + MAX_REDIRECTS + " redirects; the last one pointed to " + shown(next))
                        .withDetails(Map.of("maxRedirects", MAX_REDIRECTS)));
            }
            redirects++;
            checkHop(next, redirects);
            current = hop(current, response.status(), next);
        }
    }

    /** The request for the next hop, changed as DevRig's client changes it. */
    private static OutboundRequest hop(OutboundRequest request, int status, URI next) {
        Map<String, List<String>> headers = request.headers();
        if (!sameOrigin(request.uri(), next)) {
            headers = without(headers, CREDENTIAL_HEADERS);
        }
        String method = request.method();
        byte[] body = request.body();
        boolean toGet = status == 303 ? !method.equals("HEAD") : (status == 301 || status == 302) && method.equals("POST");
        if (toGet) {
            method = "GET";
            body = null;
            headers = without(headers, Set.of("content-type"));
        }
        return new OutboundRequest(method, next, headers, body, request.timeout(), true);
    }

    private void check(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "not an absolute http(s) URL: " + uri.getScheme() + "://" + uri.getHost());
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!allowed.contains(host)) {
            throw new DevRigException(ErrorCodes.HTTP_DESTINATION_REFUSED, ErrorCategory.PERMANENT,
                    host + " is not an allowed destination in this test (allowed: " + new java.util.TreeSet<>(allowed)
                            + "; PluginKit.http().allow(host) adds one)");
        }
    }

    /** {@link #check} for a redirect target: any refusal is {@code HTTP_DESTINATION_REFUSED} naming the hop. */
    private void checkHop(URI next, int hop) {
        try {
            check(next);
        } catch (DevRigException e) {
            String inner = e.error().message();
            String message = e.code().equals(ErrorCodes.HTTP_DESTINATION_REFUSED)
                    ? "redirect " + hop + " to " + shown(next) + ": " + inner
                    : "redirect " + hop + " to " + shown(next) + " refused: " + inner;
            throw new DevRigException(DevRigError.of(ErrorCodes.HTTP_DESTINATION_REFUSED, ErrorCategory.PERMANENT, message)
                    .withDetails(Map.of("redirect", hop, "location", shown(next))), e);
        }
    }

    private OutboundResponse exchange(OutboundRequest request, long deadline, Duration timeout) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw timedOut(request, timeout);
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(Duration.ofNanos(remaining))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        try {
            request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        } catch (IllegalArgumentException e) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "bad request header: " + e.getMessage());
        }
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new TreeMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            return new OutboundResponse(response.statusCode(), headers, response.body(), request.uri());
        } catch (HttpTimeoutException e) {
            throw timedOut(request, timeout);
        } catch (IOException e) {
            throw new DevRigException(ErrorCodes.HTTP_ERROR, ErrorCategory.TRANSIENT,
                    request.method() + " to " + request.uri().getHost() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED,
                    request.method() + " to " + request.uri().getHost() + " was interrupted");
        }
    }

    private static DevRigException timedOut(OutboundRequest request, Duration timeout) {
        return new DevRigException(ErrorCodes.HTTP_TIMEOUT, ErrorCategory.TIMEOUT,
                request.method() + " to " + request.uri().getHost() + " timed out after " + timeout.toMillis() + " ms");
    }

    private static URI resolve(URI base, String location) {
        try {
            return base.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new DevRigException(ErrorCodes.HTTP_ERROR, ErrorCategory.PERMANENT,
                    "the redirect from " + shown(base) + " has an invalid Location");
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static Map<String, List<String>> without(Map<String, List<String>> headers, Set<String> lowerNames) {
        Map<String, List<String>> out = new LinkedHashMap<>(headers);
        out.keySet().removeIf(name -> lowerNames.contains(name.toLowerCase(Locale.ROOT)));
        return out;
    }

    /** A URI for messages: scheme, host and port, never path or query (tokens live there). */
    private static String shown(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return uri.getScheme() == null ? "a relative URI" : uri.getScheme() + "://<no host>";
        }
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
    }
}
