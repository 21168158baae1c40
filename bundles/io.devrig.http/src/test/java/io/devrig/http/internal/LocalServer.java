package io.devrig.http.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A JDK HTTP server on 127.0.0.1 (or ::1; never any other address) that records what it receives. */
final class LocalServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Received(String method, String path, String query, Headers headers, byte[] body) {

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Answers one request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "local-server");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

    LocalServer() {
        this("127.0.0.1");
    }

    /** A server on a loopback literal: {@code 127.0.0.1} or {@code ::1}. */
    LocalServer(String loopback) {
        try {
            InetAddress address = InetAddress.getByName(loopback);
            if (!address.isLoopbackAddress()) {
                throw new IllegalArgumentException("test servers listen on loopback only");
            }
            server = HttpServer.create(new InetSocketAddress(address, 0), 50);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body));
                Handler h = handlers.get(exchange.getRequestURI().getPath());
                if (h == null) {
                    h = handlers.get("*");
                }
                if (h == null) {
                    reply(exchange, 200, "ok " + exchange.getRequestURI().getPath());
                } else {
                    h.handle(exchange);
                }
            }
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    LocalServer on(String path, Handler handler) {
        handlers.put(path, handler);
        return this;
    }

    /** Answers {@code path} with a redirect. */
    LocalServer redirect(String path, int status, String location) {
        return on(path, ex -> {
            ex.getResponseHeaders().add("Location", location);
            ex.sendResponseHeaders(status, -1);
        });
    }

    List<Received> received() {
        return received;
    }

    static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
