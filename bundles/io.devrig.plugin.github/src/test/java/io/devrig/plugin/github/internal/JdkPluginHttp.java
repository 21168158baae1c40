package io.devrig.plugin.github.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.api.plugin.sdk.PluginHttp;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A PluginHttp that really exchanges HTTP, with the JDK client. The host's client refuses
 * loopback by policy (rightly), so the tests talk to the local fake through this adapter;
 * like the host's, it lower-cases response header names and maps I/O failures to a transient
 * {@code HTTP_ERROR}.
 */
final class JdkPluginHttp implements PluginHttp {

    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final List<OutboundRequest> sent = new ArrayList<>();

    @Override
    public synchronized OutboundResponse send(OutboundRequest request) {
        sent.add(request);
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(Duration.ofSeconds(10))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> values.forEach(v -> b.header(name, v)));
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, List<String>> headers = new LinkedHashMap<>();
            r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            return new OutboundResponse(r.statusCode(), headers, r.body(), r.uri());
        } catch (IOException e) {
            throw new DevRigException(ErrorCodes.HTTP_ERROR, ErrorCategory.TRANSIENT,
                    "request to " + request.uri().getHost() + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "interrupted");
        }
    }
}
