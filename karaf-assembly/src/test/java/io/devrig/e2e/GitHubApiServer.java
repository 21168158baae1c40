package io.devrig.e2e;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local server speaking the slice of GitHub's REST API the end-to-end test needs, in its
 * documented wire format: {@code GET /notifications} (Last-Modified, X-Poll-Interval,
 * rate-limit headers, 304 on a matching If-Modified-Since), {@code POST
 * /repos/{owner}/{repo}/issues/{n}/comments} (201), and 401 "Bad credentials" for any other
 * token. It records every request.
 */
final class GitHubApiServer implements AutoCloseable {

    record Request(String method, String path, String authorization, String ifModifiedSince, String body) {
    }

    static final String LAST_MODIFIED = "Mon, 23 Nov 2026 08:00:00 GMT";

    final List<Request> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String token;

    GitHubApiServer(String token) throws IOException {
        this.token = token;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("If-Modified-Since"), body));
        ex.getResponseHeaders().add("X-RateLimit-Limit", "5000");
        ex.getResponseHeaders().add("X-RateLimit-Remaining", "4990");
        ex.getResponseHeaders().add("X-RateLimit-Reset", "1795420800");
        if (!("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            send(ex, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\","
                    + "\"status\":\"401\"}");
        } else if (ex.getRequestMethod().equals("GET") && path.equals("/notifications")) {
            ex.getResponseHeaders().add("Last-Modified", LAST_MODIFIED);
            ex.getResponseHeaders().add("X-Poll-Interval", "60");
            if (LAST_MODIFIED.equals(ex.getRequestHeaders().getFirst("If-Modified-Since"))) {
                ex.sendResponseHeaders(304, -1);
                ex.close();
                return;
            }
            send(ex, 200, "[" + thread("101", "review_requested", "Add the sync scheduler", "pulls/5", "PullRequest")
                    + "," + thread("102", "subscribed", "Inbox search is slow", "issues/9", "Issue") + "]");
        } else if (ex.getRequestMethod().equals("POST") && path.equals("/repos/octo/devrig/issues/5/comments")) {
            send(ex, 201, "{\"id\":9001,\"node_id\":\"IC_1\",\"html_url\":\"https://github.com/octo/devrig/pull/5"
                    + "#issuecomment-9001\",\"body\":" + body.replaceAll("(?s).*\"body\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\").*", "$1")
                    + ",\"user\":{\"login\":\"me\"},\"created_at\":\"2026-11-23T09:00:00Z\"}");
        } else {
            send(ex, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\"}");
        }
    }

    private String thread(String id, String reason, String title, String subjectPath, String type) {
        return "{\"id\":\"" + id + "\",\"unread\":true,\"reason\":\"" + reason + "\",\"updated_at\":\"2026-11-23T07:5"
                + id.charAt(2) + ":00Z\",\"last_read_at\":null,\"subject\":{\"title\":\"" + title + "\",\"url\":\""
                + baseUrl() + "/repos/octo/devrig/" + subjectPath + "\",\"latest_comment_url\":null,\"type\":\"" + type
                + "\"},\"repository\":{\"id\":1296269,\"full_name\":\"octo/devrig\",\"html_url\":"
                + "\"https://github.com/octo/devrig\",\"private\":false},\"url\":\"" + baseUrl()
                + "/notifications/threads/" + id + "\",\"subscription_url\":\"" + baseUrl() + "/notifications/threads/"
                + id + "/subscription\"}";
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
