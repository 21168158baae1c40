package io.devrig.plugin.github.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for GitHub's REST API on 127.0.0.1, speaking its documented wire format:
 * notification threads and pull requests with Link pagination (next/last/prev/first), weak
 * ETags and Last-Modified with 304 on matching conditional headers, X-Poll-Interval,
 * X-RateLimit-* headers, 401 Bad credentials, comments, issues and merges. Every request is
 * recorded; one-shot canned answers inject failures. The API may sit under a path prefix
 * ({@code /api/v3}) as on GitHub Enterprise Server.
 *
 * <p>Rate limits as GitHub's "Rate limits for the REST API" documents them, on the test's clock:
 * every authenticated answer carries {@code x-ratelimit-limit/remaining/used/reset/resource};
 * each request counts against the quota except a 304 to a conditional request; once the quota is
 * used up every request is answered 403 (or 429) with {@code x-ratelimit-remaining: 0} until
 * {@code x-ratelimit-reset}, when the quota is refilled for another hour; a secondary limit
 * answers 403 (or 429) with {@code retry-after} and a "secondary rate limit" message until it
 * has passed.
 */
final class FakeGitHub implements AutoCloseable {

    static final String TOKEN = "ghp_DevRigTestToken0123456789abcdefXYZ";
    static final long RATE_RESET = 1_795_424_400L; // 2026-11-23T09:00:00Z
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PULLS = Pattern.compile("/repos/([^/]+)/([^/]+)/pulls");
    private static final Pattern PULL = Pattern.compile("/repos/([^/]+)/([^/]+)/pulls/(\\d+)");
    private static final Pattern MERGE = Pattern.compile("/repos/([^/]+)/([^/]+)/pulls/(\\d+)/merge");
    private static final Pattern COMMENTS = Pattern.compile("/repos/([^/]+)/([^/]+)/issues/(\\d+)/comments");
    private static final Pattern ISSUES = Pattern.compile("/repos/([^/]+)/([^/]+)/issues");

    /** A request as it arrived. */
    record Recorded(String method, String path, String query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        Map<String, String> params() {
            return FakeGitHub.params(query);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A canned answer. */
    record Canned(int status, Map<String, String> headers, String body) {
    }

    private record Injected(String method, String path, String page, Canned canned) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String prefix;
    final String root;

    private final List<Recorded> requests = new ArrayList<>();
    private final List<ObjectNode> notifications = new ArrayList<>();
    private final Map<String, List<ObjectNode>> pulls = new LinkedHashMap<>();
    private final Set<String> hiddenFromList = new HashSet<>();
    private final Deque<Injected> overrides = new ArrayDeque<>();
    private final java.time.Clock clock;
    private String lastModified = "Mon, 23 Nov 2026 07:00:00 GMT";
    private boolean notificationEtags = true;
    private Long pollInterval;
    private int rateLimit = 5000;
    private int rateRemaining = 5000;
    private long rateReset = RATE_RESET;
    private int primaryLimitStatus = 403;
    private long secondaryUntil;
    private int secondaryStatus = 403;
    private int nextId = 9000;

    FakeGitHub(String prefix, java.time.Clock clock) throws IOException {
        this.prefix = prefix;
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        root = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The API base URL a client is configured with. */
    String apiUrl() {
        return root + prefix;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ state

    synchronized ObjectNode addNotification(String id, String repo, String type, String kind, Integer number,
            String title, String reason, String updatedAt) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", id);
        n.put("unread", true);
        n.put("reason", reason);
        n.put("updated_at", updatedAt);
        n.putNull("last_read_at");
        ObjectNode subject = n.putObject("subject");
        subject.put("title", title);
        if (kind == null) {
            subject.putNull("url");
        } else {
            subject.put("url", apiUrl() + "/repos/" + repo + "/" + kind + "/" + number);
        }
        subject.putNull("latest_comment_url");
        subject.put("type", type);
        ObjectNode r = n.putObject("repository");
        r.put("id", 1296269);
        r.put("name", repo.substring(repo.indexOf('/') + 1));
        r.put("full_name", repo);
        r.put("private", false);
        r.putObject("owner").put("login", repo.substring(0, repo.indexOf('/')));
        r.put("html_url", root + "/" + repo);
        n.put("url", apiUrl() + "/notifications/threads/" + id);
        n.put("subscription_url", apiUrl() + "/notifications/threads/" + id + "/subscription");
        notifications.add(n);
        return n;
    }

    synchronized ObjectNode addPull(String repo, int number, String title, String author, boolean draft) {
        ObjectNode p = JSON.createObjectNode();
        p.put("url", apiUrl() + "/repos/" + repo + "/pulls/" + number);
        p.put("id", 100_000 + number);
        p.put("number", number);
        p.put("state", "open");
        p.put("locked", false);
        p.put("title", title);
        p.putObject("user").put("login", author);
        p.put("body", "Body of " + title);
        p.put("html_url", root + "/" + repo + "/pull/" + number);
        p.put("created_at", "2026-11-2" + (number % 10) + "T10:00:00Z");
        p.put("updated_at", "2026-11-22T12:00:00Z");
        p.put("draft", draft);
        ObjectNode head = p.putObject("head");
        head.put("ref", "feature-" + number);
        head.put("sha", sha(repo + number));
        ObjectNode base = p.putObject("base");
        base.put("ref", "main");
        base.put("sha", sha("main"));
        p.put("mergeable", true);
        pulls.computeIfAbsent(repo, k -> new ArrayList<>()).add(p);
        return p;
    }

    synchronized void closePull(String repo, int number) {
        ObjectNode p = pull(repo, number);
        p.put("state", "closed");
        p.put("updated_at", "2026-11-23T09:30:00Z");
    }

    synchronized void setMergeable(String repo, int number, boolean mergeable) {
        pull(repo, number).put("mergeable", mergeable);
    }

    /** Keeps a pull request open but out of the open list (as if it moved between pages while listed). */
    synchronized void hideFromList(String repo, int number) {
        hiddenFromList.add(repo + "#" + number);
    }

    /** The user reads a thread on GitHub: it leaves the unread list. */
    synchronized void readThread(String id) {
        notifications.stream().filter(n -> n.path("id").asText().equals(id)).forEach(n -> n.put("unread", false));
    }

        synchronized void lastModified(String value) {
        lastModified = value;
    }

    /**
     * Notifications answer with Last-Modified only, no ETag (GitHub documents Last-Modified for
     * them), so only If-Modified-Since decides a 304.
     */
    synchronized void notificationEtags(boolean on) {
        notificationEtags = on;
    }

    /** Sets the primary quota: {@code remaining} requests until {@code resetEpochSeconds}; then 403 or 429. */
    synchronized void primaryLimit(int remaining, long resetEpochSeconds, int status) {
        rateRemaining = remaining;
        rateReset = resetEpochSeconds;
        primaryLimitStatus = status;
    }

    /** A secondary limit: every request is refused with Retry-After for the next {@code seconds}. */
    synchronized void secondaryLimit(int status, long seconds) {
        secondaryStatus = status;
        secondaryUntil = clock.instant().getEpochSecond() + seconds;
    }

    synchronized void pollInterval(Long seconds) {
        pollInterval = seconds;
    }

    /** Answers the next matching request (page null: any) with {@code canned} instead. */
    synchronized void failNext(String method, String path, String page, Canned canned) {
        overrides.add(new Injected(method, path, page, canned));
    }

    synchronized List<Recorded> requests() {
        return List.copyOf(requests);
    }

    synchronized void clearRequests() {
        requests.clear();
    }

    static String sha(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode pull(String repo, int number) {
        return pulls.getOrDefault(repo, List.of()).stream().filter(p -> p.path("number").asInt() == number)
                .findFirst().orElseThrow();
    }

    // ------------------------------------------------------------------ canned failures

    static Canned rateLimited403(long resetEpochSeconds) {
        return new Canned(403, Map.of("X-RateLimit-Limit", "5000", "X-RateLimit-Remaining", "0",
                "X-RateLimit-Used", "5000", "X-RateLimit-Reset", Long.toString(resetEpochSeconds),
                "X-RateLimit-Resource", "core"),
                "{\"message\":\"API rate limit exceeded for user ID 1.\",\"documentation_url\":"
                        + "\"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting\"}");
    }

    static Canned retryAfter(int status, int seconds) {
        return new Canned(status, Map.of("Retry-After", Integer.toString(seconds)),
                "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                        + " again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}");
    }

    static Canned malformed() {
        return new Canned(200, Map.of(), "[{\"id\": \"77\", \"subject\": {\"title\": \"cut off");
    }

    static Canned serverError() {
        return new Canned(502, Map.of(), "{\"message\":\"Server Error\"}");
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Canned answer;
            synchronized (this) {
                Map<String, String> headers = new LinkedHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                String path = ex.getRequestURI().getRawPath();
                String query = ex.getRequestURI().getRawQuery();
                requests.add(new Recorded(ex.getRequestMethod(), path, query, headers, body));
                answer = answer(ex.getRequestMethod(), path, query, headers, body);
            }
            Map<String, String> h = new LinkedHashMap<>();
            h.put("Content-Type", "application/json; charset=utf-8");
            h.put("X-GitHub-Media-Type", "github.v3; format=json");
            synchronized (this) {
                h.put("X-RateLimit-Limit", Integer.toString(rateLimit));
                h.put("X-RateLimit-Remaining", Integer.toString(rateRemaining));
                h.put("X-RateLimit-Used", Integer.toString(rateLimit - rateRemaining));
                h.put("X-RateLimit-Reset", Long.toString(rateReset));
                h.put("X-RateLimit-Resource", "core");
            }
            h.putAll(answer.headers());
            h.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] bytes = answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.status() == 304 || bytes.length == 0) {
                ex.sendResponseHeaders(answer.status(), -1);
            } else {
                ex.sendResponseHeaders(answer.status(), bytes.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    private Canned answer(String method, String rawPath, String query, Map<String, String> headers, String body) {
        if (!rawPath.startsWith(prefix)) {
            return notFound();
        }
        String path = rawPath.substring(prefix.length());
        Map<String, String> params = params(query);
        Injected o = overrides.stream().filter(x -> x.method.equals(method) && x.path.equals(path)
                && (x.page == null || x.page.equals(params.getOrDefault("page", "1")))).findFirst().orElse(null);
        if (o != null) {
            overrides.remove(o);
            return o.canned;
        }
        if (!("Bearer " + TOKEN).equals(headers.get("authorization"))) {
            return new Canned(401, Map.of(), "{\"message\":\"Bad credentials\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest\",\"status\":\"401\"}");
        }
        long now = clock.instant().getEpochSecond();
        if (now >= rateReset) {
            rateRemaining = rateLimit; // a new window
            rateReset = now + 3600;
        }
        if (now < secondaryUntil) {
            return new Canned(secondaryStatus, Map.of("Retry-After", Long.toString(secondaryUntil - now)),
                    "{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try"
                            + " again.\",\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}");
        }
        if (rateRemaining <= 0) {
            return new Canned(primaryLimitStatus, Map.of(), "{\"message\":\"API rate limit exceeded for user ID 1.\","
                    + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}");
        }
        Canned answer = route(method, path, params, headers, body);
        if (answer.status() != 304) {
            rateRemaining--; // a 304 to a conditional request does not count
        }
        return answer;
    }

    private Canned route(String method, String path, Map<String, String> params, Map<String, String> headers,
            String body) {
        Matcher m;
        if (method.equals("GET") && path.equals("/notifications")) {
            List<ObjectNode> list = new ArrayList<>(notifications);
            if (!"true".equals(params.get("all"))) {
                list.removeIf(n -> !n.path("unread").asBoolean());
            }
            list.sort(Comparator.comparing((ObjectNode n) -> n.path("updated_at").asText()).reversed());
            Map<String, String> extra = new LinkedHashMap<>();
            if (pollInterval != null) {
                extra.put("X-Poll-Interval", Long.toString(pollInterval));
            }
            return page(list, path, params, headers, lastModified, Math.min(50, perPage(params, 50)), extra,
                    notificationEtags);
        }
        if (method.equals("GET") && (m = PULLS.matcher(path)).matches()) {
            String repo = m.group(1) + "/" + m.group(2);
            if (!pulls.containsKey(repo)) {
                return notFound();
            }
            List<ObjectNode> open = new ArrayList<>(pulls.get(repo).stream()
                    .filter(p -> p.path("state").asText().equals(params.getOrDefault("state", "open")))
                    .filter(p -> !hiddenFromList.contains(repo + "#" + p.path("number").asInt())).toList());
            open.sort(Comparator.comparingInt((ObjectNode p) -> p.path("number").asInt()).reversed());
            return page(open, path, params, headers, null, Math.min(100, perPage(params, 30)), Map.of(), true);
        }
        if (method.equals("GET") && (m = PULL.matcher(path)).matches()) {
            ObjectNode p = find(m.group(1) + "/" + m.group(2), Integer.parseInt(m.group(3)));
            if (p == null) {
                return notFound();
            }
            ObjectNode full = p.deepCopy();
            full.put("merged", p.hasNonNull("merged_at"));
            return new Canned(200, Map.of("ETag", etag(full.toString())), full.toString());
        }
        if (method.equals("PUT") && (m = MERGE.matcher(path)).matches()) {
            return merge(m.group(1) + "/" + m.group(2), Integer.parseInt(m.group(3)), body);
        }
        if (method.equals("POST") && (m = COMMENTS.matcher(path)).matches()) {
            String repo = m.group(1) + "/" + m.group(2);
            if (!pulls.containsKey(repo)) {
                return notFound();
            }
            JsonNode in = read(body);
            if (in == null || !in.path("body").isTextual()) {
                return new Canned(422, Map.of(), "{\"message\":\"Invalid request.\\n\\n\\\"body\\\" wasn't supplied.\"}");
            }
            int id = nextId++;
            ObjectNode c = JSON.createObjectNode();
            c.put("id", id);
            c.put("node_id", "IC_" + id);
            c.put("url", apiUrl() + "/repos/" + repo + "/issues/comments/" + id);
            c.put("html_url", root + "/" + repo + "/pull/" + m.group(3) + "#issuecomment-" + id);
            c.put("body", in.path("body").asText());
            c.putObject("user").put("login", "devrig-user");
            c.put("created_at", "2026-11-23T08:00:00Z");
            c.put("updated_at", "2026-11-23T08:00:00Z");
            return new Canned(201, Map.of("Location", c.path("url").asText()), c.toString());
        }
        if (method.equals("POST") && (m = ISSUES.matcher(path)).matches()) {
            String repo = m.group(1) + "/" + m.group(2);
            if (!pulls.containsKey(repo)) {
                return notFound();
            }
            JsonNode in = read(body);
            for (JsonNode a : in == null ? JSON.createArrayNode() : in.path("assignees")) {
                if (a.asText().equals("ghost")) {
                    return new Canned(422, Map.of(), "{\"message\":\"Validation Failed\",\"errors\":[{\"value\":\"ghost\","
                            + "\"resource\":\"Issue\",\"field\":\"assignees\",\"code\":\"invalid\"}],"
                            + "\"documentation_url\":\"https://docs.github.com/rest/issues/issues#create-an-issue\"}");
                }
            }
            int number = 500 + nextId++ % 100;
            ObjectNode issue = JSON.createObjectNode();
            issue.put("id", 200_000 + number);
            issue.put("number", number);
            issue.put("url", apiUrl() + "/repos/" + repo + "/issues/" + number);
            issue.put("html_url", root + "/" + repo + "/issues/" + number);
            issue.put("state", "open");
            issue.put("title", in.path("title").asText());
            issue.set("body", in.path("body"));
            issue.set("labels", in.path("labels"));
            return new Canned(201, Map.of("Location", issue.path("url").asText()), issue.toString());
        }
        return notFound();
    }

    private Canned merge(String repo, int number, String body) {
        ObjectNode p = find(repo, number);
        if (p == null) {
            return notFound();
        }
        JsonNode in = read(body);
        if (!p.path("state").asText().equals("open") || !p.path("mergeable").asBoolean()) {
            return new Canned(405, Map.of(), "{\"message\":\"Pull Request is not mergeable\",\"documentation_url\":"
                    + "\"https://docs.github.com/rest/pulls/pulls#merge-a-pull-request\"}");
        }
        if (in != null && in.hasNonNull("sha") && !in.path("sha").asText().equals(p.path("head").path("sha").asText())) {
            return new Canned(409, Map.of(), "{\"message\":\"Head branch was modified. Review and try the merge again.\","
                    + "\"documentation_url\":\"https://docs.github.com/rest/pulls/pulls#merge-a-pull-request\"}");
        }
        p.put("state", "closed");
        p.put("merged_at", "2026-11-23T08:00:00Z");
        String sha = sha("merge" + repo + number);
        return new Canned(200, Map.of(), "{\"sha\":\"" + sha + "\",\"merged\":true,\"message\":\"Pull Request successfully"
                + " merged\"}");
    }

    private ObjectNode find(String repo, int number) {
        return pulls.getOrDefault(repo, List.of()).stream().filter(p -> p.path("number").asInt() == number).findFirst()
                .orElse(null);
    }

    /** One page of a list, with GitHub's Link header, a weak ETag and conditional handling. */
    private Canned page(List<ObjectNode> all, String path, Map<String, String> params, Map<String, String> headers,
            String modified, int perPage, Map<String, String> extra, boolean withEtag) {
        int pages = Math.max(1, (all.size() + perPage - 1) / perPage);
        int page = Math.max(1, Integer.parseInt(params.getOrDefault("page", "1")));
        ArrayNode array = JSON.createArrayNode();
        all.stream().skip((long) (page - 1) * perPage).limit(perPage).forEach(array::add);
        String body = array.toString();
        String etag = etag(body);
        Map<String, String> h = new LinkedHashMap<>(extra);
        if (withEtag) {
            h.put("ETag", etag);
        }
        if (modified != null) {
            h.put("Last-Modified", modified);
        }
        if (pages > 1) {
            List<String> links = new ArrayList<>();
            if (page < pages) {
                links.add("<" + pageUrl(path, params, page + 1) + ">; rel=\"next\"");
                links.add("<" + pageUrl(path, params, pages) + ">; rel=\"last\"");
            }
            if (page > 1) {
                links.add("<" + pageUrl(path, params, page - 1) + ">; rel=\"prev\"");
                links.add("<" + pageUrl(path, params, 1) + ">; rel=\"first\"");
            }
            h.put("Link", String.join(", ", links));
        }
        String ifNoneMatch = headers.get("if-none-match");
        String ifModifiedSince = headers.get("if-modified-since");
        if (ifNoneMatch != null && withEtag) {
            if (ifNoneMatch.equals(etag)) {
                return new Canned(304, h, null);
            }
        } else if (ifModifiedSince != null && modified != null
                && !http(modified).isAfter(http(ifModifiedSince))) {
            return new Canned(304, h, null);
        }
        return new Canned(200, h, body);
    }

    private String pageUrl(String path, Map<String, String> params, int page) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.remove("page");
        p.put("page", Integer.toString(page));
        StringBuilder b = new StringBuilder(apiUrl()).append(path);
        String sep = "?";
        for (Map.Entry<String, String> e : p.entrySet()) {
            b.append(sep).append(e.getKey()).append('=').append(e.getValue());
            sep = "&";
        }
        return b.toString();
    }

    private static ZonedDateTime http(String date) {
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME);
    }

    private static String etag(String body) {
        return "W/\"" + sha(body) + "\"";
    }

    private static int perPage(Map<String, String> params, int fallback) {
        return params.containsKey("per_page") ? Integer.parseInt(params.get("per_page")) : fallback;
    }

    private static Canned notFound() {
        return new Canned(404, Map.of(), "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\","
                + "\"status\":\"404\"}");
    }

    private static JsonNode read(String body) {
        try {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        if (query == null || query.isEmpty()) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
