package io.devrig.sdk.testkit;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.plugin.sdk.PluginHttp;
import io.devrig.common.plugin.Permissions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
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
 * each redirect checked the same way; a timeout is {@code HTTP_TIMEOUT}, an I/O failure
 * {@code HTTP_ERROR} (transient); an HTTP error status is a response, not an exception.
 * Response header names are lower case. {@link #requests()} records what was sent.
 */
public final class LocalPluginHttp implements PluginHttp {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    static final int MAX_REDIRECTS = 5;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private final PluginKit kit;
    private final Set<String> allowed = ConcurrentHashMap.newKeySet();
    private final List<OutboundRequest> requests = new CopyOnWriteArrayList<>();
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

    /** The requests sent so far (each redirect hop too). */
    public List<OutboundRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public OutboundResponse send(OutboundRequest request) {
        kit.check(Permissions.NETWORK);
        if (!METHODS.contains(request.method())) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                    "HTTP method " + request.method() + " is not one of " + new java.util.TreeSet<>(METHODS));
        }
        OutboundRequest current = request;
        for (int hop = 0; ; hop++) {
            check(current.uri());
            requests.add(current);
            OutboundResponse response = exchange(current);
            List<String> location = response.headers().getOrDefault("location", List.of());
            boolean redirect = response.status() >= 300 && response.status() < 400 && !location.isEmpty();
            if (!redirect || !current.followRedirects()) {
                return response;
            }
            if (hop == MAX_REDIRECTS) {
                throw new DevRigException(ErrorCodes.HTTP_TOO_MANY_REDIRECTS, ErrorCategory.PERMANENT,
                        "more than " + MAX_REDIRECTS + " redirects from " + request.uri().getHost());
            }
            boolean keepsBody = response.status() == 307 || response.status() == 308;
            current = new OutboundRequest(keepsBody ? current.method() : "GET", current.uri().resolve(location.get(0)),
                    current.headers(), keepsBody ? current.body() : null, current.timeout(), true);
        }
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

    private OutboundResponse exchange(OutboundRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(request.timeout() == null ? DEFAULT_TIMEOUT : request.timeout())
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
            throw new DevRigException(ErrorCodes.HTTP_TIMEOUT, ErrorCategory.TIMEOUT,
                    request.method() + " to " + request.uri().getHost() + " timed out");
        } catch (IOException e) {
            throw new DevRigException(ErrorCodes.HTTP_ERROR, ErrorCategory.TRANSIENT,
                    request.method() + " to " + request.uri().getHost() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.HTTP_ERROR, ErrorCategory.CANCELLED,
                    request.method() + " to " + request.uri().getHost() + " was interrupted");
        }
    }
}
