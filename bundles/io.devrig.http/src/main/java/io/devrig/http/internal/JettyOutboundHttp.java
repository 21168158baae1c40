package io.devrig.http.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundHttp;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.http.internal.DestinationPolicy.Destination;
import java.io.ByteArrayOutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.api.Request;
import org.eclipse.jetty.client.api.Response;
import org.eclipse.jetty.client.api.Result;
import org.eclipse.jetty.client.util.BytesContentProvider;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.HttpCookieStore;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * {@link OutboundHttp} on Jetty 9.4's client. Every URI, the first and each redirect, goes
 * through {@link DestinationPolicy#check(URI)} before it is sent; connections get their
 * addresses only from {@link PinningResolver}. Jetty's own redirect and authentication
 * handling, cookie store and proxy support are off: a redirect is followed here so its target
 * is checked, and cookies or credentials must not leak between callers sharing one client.
 */
final class JettyOutboundHttp implements OutboundHttp, AutoCloseable {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");

    /** Headers the client derives itself; a caller's value could split or misroute the request. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade");

    /** Credentials that must not follow a redirect to another origin. */
    private static final Set<String> CREDENTIAL_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");

    /** Extra wait past Jetty's own total timeout before giving up on a stuck exchange. */
    private static final long GRACE_MS = 2_000;

    private final HttpSettings settings;
    private final DestinationPolicy policy;
    private final PinningResolver resolver;
    private final HttpClient client;
    private final Object lifecycle = new Object();
    private volatile boolean started;
    private volatile boolean closed;

    JettyOutboundHttp(HttpSettings settings, HostResolver hostResolver) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.policy = new DestinationPolicy(settings.allowList());
        SslContextFactory.Client tls = new SslContextFactory.Client();
        tls.setEndpointIdentificationAlgorithm("HTTPS"); // verify the certificate against the host name
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("devrig-http");
        pool.setDaemon(true);
        this.resolver = new PinningResolver(policy, hostResolver, pool);
        this.client = new HttpClient(tls);
        client.setName("devrig-http");
        client.setExecutor(pool);
        client.setScheduler(new ScheduledExecutorScheduler("devrig-http-scheduler", true));
        client.setSocketAddressResolver(resolver);
        client.setFollowRedirects(false);
        client.setCookieStore(new HttpCookieStore.Empty());
        client.setConnectTimeout(settings.connectTimeout().toMillis());
        client.setIdleTimeout(60_000);
        client.setDestinationIdleTimeout(60_000); // one destination per host: do not keep them all forever
        client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "DevRig"));
    }

    /**
     * Starts the Jetty client (TLS context with the JDK trust store, threads). Called by the
     * first {@link #send} rather than at activation: loading the trust store is the costliest
     * step of DevRig's start path, and no request goes out before the server is ready.
     */
    void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("the HTTP client was closed");
            }
            if (started) {
                return;
            }
            try {
                client.start();
                // Jetty's 401/407 handlers buffer the body at 16 KiB and would fail larger challenges;
                // with no credentials stored they add nothing: a challenge is a response for the caller
                client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
                client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
            } catch (Exception e) {
                throw new IllegalStateException("the HTTP client did not start: " + e.getMessage(), e);
            }
            started = true;
        }
    }

    /** Usable: not closed, and started or waiting for its first request. */
    boolean isRunning() {
        return !closed && (!started || client.isRunning());
    }

    /** Whether a request has started the Jetty client yet. */
    boolean started() {
        return started;
    }

    HttpSettings settings() {
        return settings;
    }

    /** Host resolutions so far (tests: a request resolves its host once). */
    long resolutions() {
        return resolver.resolutions();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            closed = true;
            if (!started) {
                return; // never started: no threads, no connections
            }
            try {
                client.stop();
            } catch (Exception e) {
                throw new IllegalStateException("the HTTP client did not stop cleanly: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public OutboundResponse send(OutboundRequest request) {
        Objects.requireNonNull(request, "request");
        String method = request.method().trim().toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw HttpErrors.invalid("HTTP method '" + request.method() + "' is not allowed; use one of "
                    + "GET, POST, PUT, PATCH, DELETE, HEAD");
        }
        Map<String, List<String>> headers = checkedHeaders(request.headers());
        Duration timeout = request.timeout() == null ? settings.requestTimeout() : request.timeout();
        if (timeout.isNegative() || timeout.isZero()) {
            throw HttpErrors.invalid("the request timeout must be positive, got " + timeout);
        }
        URI original = request.uri();
        Destination destination = policy.check(original);
        if (!started && !closed) {
            try {
                start();
            } catch (IllegalStateException e) {
                throw HttpErrors.transport(closed ? "the outbound HTTP client is not running" : e.getMessage(), e);
            }
        }
        if (closed || !client.isRunning()) {
            throw HttpErrors.transport("the outbound HTTP client is not running", null);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] body = request.body();
        int redirects = 0;
        while (true) {
            Exchange exchange;
            try {
                exchange = exchange(method, destination, headers, body, deadline, timeout, original);
            } catch (DevRigException e) {
                // a name on a redirect hop was resolved, and refused, only when connecting
                if (redirects > 0 && e.code().equals(ErrorCodes.HTTP_DESTINATION_REFUSED)) {
                    throw hopRefused(e, destination.uri(), redirects);
                }
                throw e;
            }
            String location = exchange.location();
            if (!request.followRedirects() || !isRedirect(exchange.status()) || location == null) {
                return new OutboundResponse(exchange.status(), exchange.headers(), exchange.body(), destination.uri());
            }
            URI next = resolveLocation(destination.uri(), location);
            if (redirects >= settings.maxRedirects()) {
                throw HttpErrors.tooManyRedirects(settings.maxRedirects(), shown(next));
            }
            redirects++;
            Destination target = checkRedirect(next, redirects);
            if (!sameOrigin(destination.uri(), target.uri())) {
                headers = withoutCredentials(headers);
            }
            int status = exchange.status();
            // 303 means "GET the answer elsewhere"; 301/302 after POST are followed with GET, as browsers do
            boolean toGet = status == 303 ? !method.equals("HEAD")
                    : (status == 301 || status == 302) && method.equals("POST");
            if (toGet) {
                method = "GET";
                body = null;
                headers = without(headers, Set.of("content-type"));
            }
            destination = target;
        }
    }

    private Destination checkRedirect(URI next, int hop) {
        try {
            return policy.check(next);
        } catch (DevRigException e) {
            throw hopRefused(e, next, hop);
        }
    }

    /** A refused (or malformed) redirect target as a refusal that names the hop. */
    private static DevRigException hopRefused(DevRigException e, URI next, int hop) {
        String inner = e.error().message();
        String message = e.code().equals(ErrorCodes.HTTP_DESTINATION_REFUSED)
                ? "redirect " + hop + " to " + shown(next) + ": " + inner
                : "redirect " + hop + " to " + shown(next) + " refused: " + inner;
        DevRigError error = DevRigError.of(ErrorCodes.HTTP_DESTINATION_REFUSED, ErrorCategory.PERMANENT, message)
                .withDetails(e.error().details())
                .withDetails(Map.of("redirect", hop, "location", shown(next)));
        return new DevRigException(error, e);
    }

    private record Exchange(int status, Map<String, List<String>> headers, byte[] body, String location) {
    }

    /**
     * One request and its response. Every failure names the destination by {@link #shown}
     * only, and every JDK or Jetty cause is attached as a {@link Redaction#chain scrubbed copy}
     * (their messages may quote the URI, query included).
     */
    private Exchange exchange(String method, Destination destination, Map<String, List<String>> headers, byte[] body,
            long deadline, Duration timeout, URI original) {
        URI[] uris = {destination.uri(), original};
        long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remainingMs <= 0) {
            throw HttpErrors.timeout("the request to " + shown(destination.uri()) + " timed out after "
                    + timeout.toMillis() + " ms", null);
        }
        Request request;
        try {
            request = client.newRequest(destination.uri()).method(method).followRedirects(false)
                    .timeout(remainingMs, TimeUnit.MILLISECONDS);
        } catch (IllegalArgumentException e) {
            throw HttpErrors.invalid("invalid request to " + shown(destination.uri()) + ": "
                    + Redaction.scrub(e.getMessage(), uris));
        }
        headers.forEach((name, values) -> values.forEach(v -> request.header(name, v)));
        if (body != null) {
            request.content(new BytesContentProvider(body));
        }
        BoundedListener listener = new BoundedListener(settings.maxResponseBytes(), destination.host().written(),
                method.equals("HEAD"));
        request.send(listener);
        Result result;
        try {
            result = listener.done.get(remainingMs + GRACE_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw HttpErrors.cancelled("the request to " + shown(destination.uri()) + " was interrupted");
        } catch (TimeoutException e) {
            request.abort(e);
            throw HttpErrors.timeout("the request to " + shown(destination.uri()) + " timed out after "
                    + timeout.toMillis() + " ms", Redaction.chain(e, uris));
        } catch (ExecutionException e) {
            throw HttpErrors.transport("the request to " + shown(destination.uri()) + " failed",
                    Redaction.chain(e.getCause(), uris));
        }
        if (result.isFailed()) {
            throw failure(result.getFailure(), destination, timeout, uris);
        }
        Response response = result.getResponse();
        Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
        for (HttpField field : response.getHeaders()) {
            responseHeaders.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(field.getValue());
        }
        responseHeaders.replaceAll((k, v) -> List.copyOf(v));
        return new Exchange(response.getStatus(), Collections.unmodifiableMap(responseHeaders), listener.body(),
                response.getHeaders().get(HttpHeader.LOCATION));
    }

    private DevRigException failure(Throwable failure, Destination destination, Duration timeout, URI[] uris) {
        Throwable cause = Redaction.chain(failure, uris);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DevRigException e) {
                // a refusal from the resolver or the size limit of the listener (our own message)
                return new DevRigException(e.error(), cause);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return HttpErrors.timeout("could not connect to " + shown(destination.uri()) + " within "
                        + settings.connectTimeout().toMillis() + " ms", cause);
            }
            if (t instanceof TimeoutException) {
                return HttpErrors.timeout("the request to " + shown(destination.uri()) + " timed out after "
                        + timeout.toMillis() + " ms", cause);
            }
        }
        String why = Redaction.scrub(failure.getMessage(), uris);
        return HttpErrors.transport("the request to " + shown(destination.uri()) + " failed: "
                + failure.getClass().getSimpleName() + (why == null ? "" : ": " + why), cause);
    }

    /** Collects the body up to the limit; past it (or on a larger Content-Length) aborts the exchange. */
    private static final class BoundedListener extends Response.Listener.Adapter {

        final CompletableFuture<Result> done = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int max;
        private final String host;
        private final boolean head;

        BoundedListener(int max, String host, boolean head) {
            this.max = max;
            this.host = host;
            this.head = head;
        }

        @Override
        public void onHeaders(Response response) {
            if (head) {
                return;
            }
            long length;
            try {
                length = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH.asString());
            } catch (NumberFormatException e) {
                return; // Jetty rejects the response itself
            }
            if (length > max) {
                response.abort(HttpErrors.tooLarge(host, max));
            }
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            int size;
            synchronized (buffer) {
                size = buffer.size();
            }
            if ((long) size + content.remaining() > max) {
                response.abort(HttpErrors.tooLarge(host, max));
                return;
            }
            byte[] chunk = new byte[content.remaining()];
            content.get(chunk);
            synchronized (buffer) {
                buffer.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onComplete(Result result) {
            done.complete(result);
        }

        byte[] body() {
            synchronized (buffer) {
                return buffer.toByteArray();
            }
        }
    }

    private static Map<String, List<String>> checkedHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name == null || name.isEmpty() || !name.chars().allMatch(JettyOutboundHttp::tokenChar)) {
                throw HttpErrors.invalid("invalid header name '" + name + "'");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw HttpErrors.invalid("header '" + name + "' is set by the client from the URI and body");
            }
            List<String> copy = new ArrayList<>();
            for (String v : values == null ? List.<String>of() : values) {
                if (v == null || v.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                    throw HttpErrors.invalid("header '" + name + "' has an invalid value (null or line break)");
                }
                copy.add(v);
            }
            out.put(name, List.copyOf(copy));
        });
        return out;
    }

    private static boolean tokenChar(int c) {
        return c > 32 && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
    }

    private static Map<String, List<String>> withoutCredentials(Map<String, List<String>> headers) {
        return without(headers, CREDENTIAL_HEADERS);
    }

    private static Map<String, List<String>> without(Map<String, List<String>> headers, Set<String> lowerNames) {
        Map<String, List<String>> out = new LinkedHashMap<>(headers);
        out.keySet().removeIf(name -> lowerNames.contains(name.toLowerCase(Locale.ROOT)));
        return out;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static URI resolveLocation(URI base, String location) {
        try {
            return base.resolve(new URI(location.trim()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw HttpErrors.badResponse("the redirect from " + shown(base) + " has an invalid Location");
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI u) {
        return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** A URI for messages: scheme, host, port and the number of path segments ({@link Redaction}). */
    static String shown(URI uri) {
        return Redaction.shown(uri);
    }
}
