package io.devrig.sdk.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on 127.0.0.1 (a free port) for a plugin's tests, on the JDK's own
 * server: answers are set per method and path, every request is recorded. Close it after
 * the test ({@code try (LocalServer server = LocalServer.start()) {...}}).
 *
 * <pre>{@code
 * server.answer("GET", "/tickets", 200, "[{\"id\":\"7\",\"title\":\"Fix it\"}]");
 * }</pre>
 * An unknown path answers 404.
 */
public final class LocalServer implements AutoCloseable {

    /** A request the server received. */
    public record Received(String method, String path, String query, Map<String, List<String>> headers, String body) {

        /** The first value of a header (case-insensitive), or null. */
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private record Answer(int status, String body, String location) {
    }

    private final HttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private LocalServer(HttpServer server) {
        this.server = server;
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static LocalServer start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalServer local = new LocalServer(server);
        server.createContext("/", local::handle);
        server.start();
        return local;
    }

    /** {@code http://127.0.0.1:<port>} */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Answers {@code method path} (path without query) with a status and a JSON body. */
    public LocalServer answer(String method, String path, int status, String jsonBody) {
        answers.put(method + " " + path, new Answer(status, jsonBody, null));
        return this;
    }

    /** Answers {@code method path} with a redirect ({@code status} 3xx) to {@code location}. */
    public LocalServer redirect(String method, String path, int status, String location) {
        answers.put(method + " " + path, new Answer(status, null, location));
        return this;
    }

    /** The requests received so far. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer answer = answers.getOrDefault(exchange.getRequestMethod() + " " + path,
                    new Answer(404, "{\"message\":\"Not Found\"}", null));
            byte[] body = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (answer.location() != null) {
                exchange.getResponseHeaders().add("Location", answer.location());
            }
            exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
