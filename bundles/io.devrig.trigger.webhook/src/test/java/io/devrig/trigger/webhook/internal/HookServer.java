package io.devrig.trigger.webhook.internal;

import io.devrig.api.trigger.TriggerHandler;
import io.devrig.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/**
 * The webhook servlet on a real Jetty 9.4 (Pax Web 8's version) at 127.0.0.1 on a free port,
 * with the trigger type, a settable clock and an in-memory vault; hooks are started through
 * the type as the manager would.
 */
final class HookServer implements AutoCloseable {

    final MemoryVault vault = new MemoryVault();
    /** Added to the hooks' monotonic clock: a test moves it on instead of waiting (the vault-read interval). */
    final java.util.concurrent.atomic.AtomicLong skew = new java.util.concurrent.atomic.AtomicLong();
    /** The test sets it (Standard Webhooks timestamps are checked against it). */
    final MutableClock clock = new MutableClock();
    final HookRegistry registry;
    final WebhookTriggerType type;
    private final Server server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final List<TriggerHandler> handlers = new ArrayList<>();
    final int port;

    HookServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        registry = new HookRegistry(() -> "http://127.0.0.1:" + connector.getLocalPort());
        type = new WebhookTriggerType(registry, vault, clock, () -> System.nanoTime() + skew.get());
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new WebhookServlet(registry)), "/hooks/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    /** Creates and starts the handler of a trigger with this configuration, as the manager does at publish. */
    FakeTriggerContext hook(String workflowId, Map<String, Object> config) {
        return hook(workflowId, 1, config);
    }

    FakeTriggerContext hook(String workflowId, int version, Map<String, Object> config) {
        FakeTriggerContext context = new FakeTriggerContext(workflowId, version, config);
        TriggerHandler handler = type.createHandler(context);
        handler.start();
        handlers.add(handler);
        return context;
    }

    HttpResponse<String> send(String method, String path, Map<String, String> headers, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        handlers.forEach(TriggerHandler::stop);
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
