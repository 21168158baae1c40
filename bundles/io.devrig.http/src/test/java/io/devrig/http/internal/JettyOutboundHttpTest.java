package io.devrig.http.internal;

import static io.devrig.http.internal.Clients.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.api.http.OutboundResponse;
import io.devrig.http.internal.Clients.FakeResolver;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The client against JDK HTTP servers on 127.0.0.1, allow-listed by address and port. */
class JettyOutboundHttpTest {

    private LocalServer server;
    private LocalServer other;
    private JettyOutboundHttp client;
    private FakeResolver dns;

    @BeforeEach
    void start() {
        server = new LocalServer();
        other = new LocalServer();
        dns = FakeResolver.none();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.close();
        other.close();
    }

    /** A client that may reach {@link #server} only. */
    private JettyOutboundHttp client(HttpSettings settings) {
        client = Clients.started(settings.withAllowList("127.0.0.1:" + server.port()), dns);
        return client;
    }

    private JettyOutboundHttp client() {
        return client(HttpSettings.defaults());
    }

    private static OutboundRequest get(String url) {
        return OutboundRequest.get(URI.create(url));
    }

    private static DevRigException failure(ThrowingCallable call, String code) {
        DevRigException[] caught = new DevRigException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            caught[0] = e;
        });
        return caught[0];
    }

    @Test
    void getsFromAnAllowListedServer() {
        OutboundResponse r = client().send(get(server.url("/hello?x=1")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("ok /hello");
        assertThat(r.uri()).isEqualTo(URI.create(server.url("/hello?x=1")));
        assertThat(server.received()).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("GET");
            assertThat(req.query()).isEqualTo("x=1");
            assertThat(req.headers().getFirst("Host")).isEqualTo("127.0.0.1:" + server.port());
            assertThat(req.headers().getFirst("User-Agent")).isEqualTo("DevRig");
        });
    }

    @Test
    void postWithBodyAndHeadersRoundTrips() {
        server.on("/echo", ex -> {
            byte[] body = server.received().get(server.received().size() - 1).body();
            ex.getResponseHeaders().add("X-Echo-Type", ex.getRequestHeaders().getFirst("Content-Type"));
            ex.getResponseHeaders().add("X-Echo-Token", ex.getRequestHeaders().getFirst("X-Token"));
            ex.getResponseHeaders().add("Set-Cookie", "a=1");
            ex.getResponseHeaders().add("Set-Cookie", "b=2");
            ex.sendResponseHeaders(201, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        byte[] json = "{\"name\":\"devrig\"}".getBytes(StandardCharsets.UTF_8);
        OutboundRequest request = new OutboundRequest("post", URI.create(server.url("/echo")),
                Map.of("Content-Type", List.of("application/json"), "X-Token", List.of("t1")), json, null, true);

        OutboundResponse r = client().send(request);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.body()).isEqualTo(json);
        assertThat(r.headers()).containsEntry("x-echo-type", List.of("application/json"))
                .containsEntry("x-echo-token", List.of("t1"))
                .containsEntry("set-cookie", List.of("a=1", "b=2"));
        assertThat(r.headers().keySet()).allSatisfy(name -> assertThat(name).isLowerCase());
        assertThat(server.received()).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("POST");
            assertThat(req.bodyText()).isEqualTo("{\"name\":\"devrig\"}");
            assertThat(req.headers().getFirst("Content-Length")).isEqualTo(String.valueOf(json.length));
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "PATCH", "DELETE"})
    void otherMethodsAreSent(String method) {
        OutboundResponse r = client().send(new OutboundRequest(method, URI.create(server.url("/m")), Map.of(),
                "x".getBytes(StandardCharsets.UTF_8), null, true));
        assertThat(r.status()).isEqualTo(200);
        assertThat(server.received()).singleElement().extracting(LocalServer.Received::method).isEqualTo(method);
    }

    @Test
    void headHasNoBody() {
        server.on("/head", ex -> {
            ex.getResponseHeaders().add("Content-Length", "123456789");
            ex.sendResponseHeaders(200, -1);
        });
        OutboundResponse r = client(HttpSettings.defaults().withMaxResponseBytes(10))
                .send(new OutboundRequest("HEAD", URI.create(server.url("/head")), Map.of(), null, null, true));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void errorStatusesAreResponses() {
        server.on("/missing", ex -> LocalServer.reply(ex, 404, "not here"));
        server.on("/broken", ex -> LocalServer.reply(ex, 500, "oops"));
        server.on("/busy", ex -> {
            ex.getResponseHeaders().add("Retry-After", "5");
            LocalServer.reply(ex, 503, "");
        });
        JettyOutboundHttp c = client();
        assertThat(c.send(get(server.url("/missing")))).satisfies(r -> {
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.bodyText()).isEqualTo("not here");
        });
        assertThat(c.send(get(server.url("/broken"))).status()).isEqualTo(500);
        assertThat(c.send(get(server.url("/busy")))).satisfies(r -> {
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.headers()).containsEntry("retry-after", List.of("5"));
        });
    }

    @Test
    void authenticationChallengesAreResponsesToo() {
        String big = "x".repeat(40_000); // larger than the buffer of Jetty's own authentication handlers
        server.on("/auth", ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"devrig\"");
            LocalServer.reply(ex, 401, big);
        });
        server.on("/proxy-auth", ex -> {
            ex.getResponseHeaders().add("Proxy-Authenticate", "Basic realm=\"proxy\"");
            LocalServer.reply(ex, 407, big);
        });
        JettyOutboundHttp c = client();
        OutboundResponse r = c.send(get(server.url("/auth")));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.bodyText()).hasSize(40_000);
        assertThat(r.headers()).containsKey("www-authenticate");
        assertThat(c.send(get(server.url("/proxy-auth"))).status()).isEqualTo(407);
        assertThat(server.received()).hasSize(2);
    }

    @Test
    void slowServerTimesOutPromptly() {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/slow", ex -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalServer.reply(ex, 200, "late");
        });
        JettyOutboundHttp c = client();
        long start = System.nanoTime();
        try {
            DevRigException e = failure(() -> c.send(new OutboundRequest("GET", URI.create(server.url("/slow")), Map.of(),
                    null, Duration.ofMillis(300), true)), ErrorCodes.HTTP_TIMEOUT);
            assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
            assertThat(e.getMessage()).contains("timed out after 300 ms");
        } finally {
            release.countDown();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void clientRequestTimeoutAppliesWhenTheRequestHasNone() {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/slow", ex -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalServer.reply(ex, 200, "late");
        });
        JettyOutboundHttp c = client(HttpSettings.defaults().withRequestTimeout(Duration.ofMillis(250)));
        try {
            failure(() -> c.send(get(server.url("/slow"))), ErrorCodes.HTTP_TIMEOUT);
        } finally {
            release.countDown();
        }
    }

    @Test
    void bodyLargerThanTheLimitFails() {
        byte[] big = new byte[5000];
        server.on("/sized", ex -> {
            ex.sendResponseHeaders(200, big.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(big);
            }
        });
        server.on("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to check up front
            try (OutputStream out = ex.getResponseBody()) {
                for (int i = 0; i < 50; i++) {
                    out.write(new byte[100]);
                    out.flush();
                }
            }
        });
        server.on("/exact", ex -> {
            ex.sendResponseHeaders(200, 1000);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(new byte[1000]);
            }
        });
        JettyOutboundHttp c = client(HttpSettings.defaults().withMaxResponseBytes(1000));
        DevRigException e = failure(() -> c.send(get(server.url("/sized"))), ErrorCodes.HTTP_RESPONSE_TOO_LARGE);
        assertThat(e.getMessage()).contains("limit of 1000 bytes");
        failure(() -> c.send(get(server.url("/chunked"))), ErrorCodes.HTTP_RESPONSE_TOO_LARGE);
        assertThat(c.send(get(server.url("/exact"))).body()).hasSize(1000);
    }

    @Test
    void limitCountsDecodedBytes() {
        server.on("/bomb", ex -> {
            java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(zipped)) {
                gz.write(new byte[5_000_000]); // about 5 KB on the wire
            }
            ex.getResponseHeaders().add("Content-Encoding", "gzip");
            ex.sendResponseHeaders(200, zipped.size());
            try (OutputStream out = ex.getResponseBody()) {
                zipped.writeTo(out);
            }
        });
        JettyOutboundHttp c = client(HttpSettings.defaults().withMaxResponseBytes(100_000));
        failure(() -> c.send(get(server.url("/bomb"))), ErrorCodes.HTTP_RESPONSE_TOO_LARGE);
    }

    @Test
    void tlsFailureIsATransientHttpError() throws Exception {
        // https to a socket that answers plain text: the handshake fails after the policy let the address through
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread answer = new Thread(() -> {
                try (java.net.Socket s = plain.accept()) {
                    s.getOutputStream().write("HTTP/1.1 400 Not TLS\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                    // the test is over
                }
            });
            answer.setDaemon(true);
            answer.start();
            client = Clients.started(HttpSettings.defaults().withAllowList("127.0.0.1:" + plain.getLocalPort()), dns);
            DevRigException e = failure(() -> client.send(new OutboundRequest("GET",
                    URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/"), Map.of(), null, Duration.ofSeconds(5),
                    true)), ErrorCodes.HTTP_ERROR);
            assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        }
    }

    @Test
    void invalidRequestsAreRejectedBeforeSending() {
        JettyOutboundHttp c = client();
        String ok = server.url("/x");
        List<ThrowingCallable> calls = List.of(
                () -> c.send(new OutboundRequest("TRACE", URI.create(ok), Map.of(), null, null, true)),
                () -> c.send(new OutboundRequest("CONNECT", URI.create(ok), Map.of(), null, null, true)),
                () -> c.send(new OutboundRequest("OPTIONS", URI.create(ok), Map.of(), null, null, true)),
                () -> c.send(new OutboundRequest("", URI.create(ok), Map.of(), null, null, true)),
                () -> c.send(get("/relative/path")),
                () -> c.send(get("//127.0.0.1:" + server.port() + "/")),
                () -> c.send(get("ftp://127.0.0.1:" + server.port() + "/")),
                () -> c.send(get("file:///etc/passwd")),
                () -> c.send(get("gopher://example.com/")),
                () -> c.send(get("mailto:someone@example.com")),
                () -> c.send(get("http:///no-host")),
                () -> c.send(get("http://user:secret@127.0.0.1:" + server.port() + "/")),
                () -> c.send(get("http://user@127.0.0.1:" + server.port() + "/")),
                () -> c.send(get("http://127.0.0.1:99999/")),
                () -> c.send(get("http://999.1.1.1/")),
                () -> c.send(get("http://1.2.3.4.5/")),
                () -> c.send(get("http://a_b.example/")),
                () -> c.send(new OutboundRequest("GET", URI.create(ok), Map.of("X-Bad", List.of("a\r\nInjected: 1")),
                        null, null, true)),
                () -> c.send(new OutboundRequest("GET", URI.create(ok), Map.of("Bad Name", List.of("v")), null, null,
                        true)),
                () -> c.send(new OutboundRequest("GET", URI.create(ok), Map.of("Host", List.of("evil.example")), null,
                        null, true)),
                () -> c.send(new OutboundRequest("POST", URI.create(ok), Map.of("Content-Length", List.of("1")),
                        new byte[10], null, true)),
                () -> c.send(new OutboundRequest("POST", URI.create(ok), Map.of("Transfer-Encoding", List.of("chunked")),
                        new byte[10], null, true)),
                () -> c.send(new OutboundRequest("GET", URI.create(ok), Map.of(), null, Duration.ZERO, true)),
                () -> c.send(new OutboundRequest("GET", URI.create(ok), Map.of(), null, Duration.ofSeconds(-1), true)));
        for (ThrowingCallable call : calls) {
            DevRigException e = failure(call, ErrorCodes.INVALID_INPUT);
            assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
            assertThat(e.getMessage()).doesNotContain("secret");
        }
        assertThat(server.received()).isEmpty();
    }

    @Test
    void connectionRefusedIsATransientHttpError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        client = Clients.started(HttpSettings.defaults().withAllowList("127.0.0.1:" + closedPort), dns);
        DevRigException e = failure(() -> client.send(get("http://127.0.0.1:" + closedPort + "/")), ErrorCodes.HTTP_ERROR);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.retryable()).isTrue();
    }

    @Test
    void firstRequestStartsTheClient() {
        client = new JettyOutboundHttp(HttpSettings.defaults().withAllowList("127.0.0.1:" + server.port()), dns);
        assertThat(client.started()).isFalse();
        assertThat(client.isRunning()).isTrue(); // usable: waiting for its first request

        assertThat(client.send(get(server.url("/a"))).bodyText()).isEqualTo("ok /a");
        assertThat(client.started()).isTrue();
        assertThat(client.send(get(server.url("/b"))).bodyText()).isEqualTo("ok /b");
    }

    @Test
    void clientClosedBeforeItsFirstRequestFailsAndNeverStarts() {
        JettyOutboundHttp c = new JettyOutboundHttp(HttpSettings.defaults().withAllowList("127.0.0.1:" + server.port()), dns);
        c.close();
        assertThat(c.isRunning()).isFalse();
        DevRigException e = failure(() -> c.send(get(server.url("/"))), ErrorCodes.HTTP_ERROR);
        assertThat(e.getMessage()).contains("not running");
        assertThat(c.started()).isFalse();
        assertThatThrownBy(c::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void stoppedClientFails() {
        JettyOutboundHttp c = client();
        c.close();
        assertThat(c.isRunning()).isFalse();
        failure(() -> c.send(get(server.url("/"))), ErrorCodes.HTTP_ERROR);
        client = null;
    }

    // --- redirects -------------------------------------------------------------------------

    private void assertRedirectRefused(String location, String rule) {
        server.redirect("/go", 302, location);
        DevRigException e = failure(() -> client.send(get(server.url("/go"))), ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.getMessage()).contains("redirect 1 to ").contains(rule);
        assertThat(e.error().details()).containsEntry("redirect", 1);
        assertThat(other.received()).as("the redirect target saw nothing").isEmpty();
        assertThat(dns.asked).isEmpty();
    }

    @Test
    void redirectToMetadataAddressIsRefused() {
        client();
        assertRedirectRefused("http://169.254.169.254/latest/meta-data/",
                // the path is not shown (tokens live in paths), only how many segments it has
                "http://169.254.169.254/… (2 path segments): destination 169.254.169.254 refused: "
                        + "link-local address (169.254.0.0/16)");
    }

    @Test
    void redirectToIpv6LoopbackIsRefused() {
        client();
        assertRedirectRefused("http://[::1]:" + other.port() + "/", "loopback address (::1/128)");
    }

    @Test
    void redirectToPrivateAddressIsRefused() {
        client();
        assertRedirectRefused("http://10.0.0.1/", "private address (10.0.0.0/8)");
    }

    @Test
    void redirectToAnotherLocalPortIsRefused() {
        client();
        assertRedirectRefused("http://127.0.0.1:" + other.port() + "/steal", "loopback address (127.0.0.0/8)");
        assertRedirectRefused("http://2130706433:" + other.port() + "/steal", "loopback address (127.0.0.0/8)");
        assertRedirectRefused("//localhost:" + other.port() + "/steal", "localhost name");
    }

    @Test
    void redirectToANameThatResolvesInternallyIsRefusedNamingTheHop() {
        dns = new FakeResolver(Map.of("internal.test", List.of(ip("10.0.0.1"))));
        client();
        server.redirect("/go", 302, "http://internal.test:" + other.port() + "/x?token=abc");
        DevRigException e = failure(() -> client.send(get(server.url("/go"))), ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(e.getMessage()).contains("redirect 1 to http://internal.test:" + other.port() + "/… (1 path segment): "
                + "destination internal.test (10.0.0.1) refused: private address (10.0.0.0/8)")
                .doesNotContain("token");
        assertThat(dns.asked).containsExactly("internal.test");
        assertThat(other.received()).isEmpty();
    }

    @Test
    void redirectToFileIsRefused() {
        client();
        assertRedirectRefused("file:///etc/passwd", "scheme 'file' is not allowed");
    }

    @Test
    void redirectWithUserInfoIsRefusedWithoutShowingIt() {
        client();
        server.redirect("/go", 302, "http://admin:hunter2@127.0.0.1:" + server.port() + "/x");
        DevRigException e = failure(() -> client.send(get(server.url("/go"))), ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(e.getMessage()).contains("user info").doesNotContain("hunter2");
    }

    @Test
    void redirectToAnAllowedPathIsFollowed() {
        server.redirect("/old", 301, "/new?from=old");
        OutboundResponse r = client().send(get(server.url("/old")));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("ok /new");
        assertThat(r.uri()).isEqualTo(URI.create(server.url("/new?from=old")));
        assertThat(server.received()).extracting(LocalServer.Received::path).containsExactly("/old", "/new");
    }

    @Test
    void redirectToAnotherAllowListedServerIsFollowedWithoutCredentials() {
        client = Clients.started(HttpSettings.defaults().withAllowList("127.0.0.1:" + server.port(),
                "127.0.0.1:" + other.port()), dns);
        server.redirect("/same", 302, "/target");
        server.redirect("/cross", 307, other.url("/target"));
        Map<String, List<String>> headers = Map.of("Authorization", List.of("Bearer abc"), "Cookie", List.of("s=1"),
                "X-Keep", List.of("yes"));
        client.send(new OutboundRequest("GET", URI.create(server.url("/same")), headers, null, null, true));
        assertThat(server.received().get(1).headers().getFirst("Authorization")).isEqualTo("Bearer abc");

        OutboundResponse r = client.send(new OutboundRequest("POST", URI.create(server.url("/cross")), headers,
                "payload".getBytes(StandardCharsets.UTF_8), null, true));
        assertThat(r.status()).isEqualTo(200);
        assertThat(other.received()).singleElement().satisfies(req -> {
            assertThat(req.method()).isEqualTo("POST"); // 307 keeps method and body
            assertThat(req.bodyText()).isEqualTo("payload");
            assertThat(req.headers().containsKey("Authorization")).isFalse();
            assertThat(req.headers().containsKey("Cookie")).isFalse();
            assertThat(req.headers().getFirst("X-Keep")).isEqualTo("yes");
        });
    }

    @Test
    void seeOtherTurnsPostIntoGet() {
        server.redirect("/form", 303, "/result");
        client().send(new OutboundRequest("POST", URI.create(server.url("/form")),
                Map.of("Content-Type", List.of("text/plain")), "data".getBytes(StandardCharsets.UTF_8), null, true));
        assertThat(server.received().get(1)).satisfies(req -> {
            assertThat(req.method()).isEqualTo("GET");
            assertThat(req.body()).isEmpty();
            assertThat(req.headers().containsKey("Content-Type")).isFalse();
        });
    }

    @Test
    void tooManyRedirectsFail() {
        AtomicInteger hops = new AtomicInteger();
        server.on("*", ex -> {
            ex.getResponseHeaders().add("Location", "/loop/" + hops.incrementAndGet());
            ex.sendResponseHeaders(302, -1);
        });
        JettyOutboundHttp c = client(HttpSettings.defaults().withMaxRedirects(3));
        DevRigException e = failure(() -> c.send(get(server.url("/loop/0"))), ErrorCodes.HTTP_TOO_MANY_REDIRECTS);
        assertThat(e.getMessage()).contains("more than 3 redirects");
        assertThat(server.received()).hasSize(4); // the request and three redirects
    }

    @Test
    void defaultLimitIsFiveRedirects() {
        for (int i = 0; i < 5; i++) {
            server.redirect("/r" + i, 302, "/r" + (i + 1));
        }
        assertThat(client().send(get(server.url("/r0"))).bodyText()).isEqualTo("ok /r5");
        server.redirect("/r5", 302, "/r6");
        failure(() -> client.send(get(server.url("/r0"))), ErrorCodes.HTTP_TOO_MANY_REDIRECTS);
    }

    @Test
    void redirectsAreReturnedWhenNotFollowed() {
        server.redirect("/go", 302, "http://169.254.169.254/");
        OutboundResponse r = client().send(new OutboundRequest("GET", URI.create(server.url("/go")), Map.of(), null,
                null, false));
        assertThat(r.status()).isEqualTo(302);
        assertThat(r.headers()).containsEntry("location", List.of("http://169.254.169.254/"));
    }

    @Test
    void redirectWithInvalidLocationIsAnHttpError() {
        server.redirect("/go", 302, "http://exa mple.com/<>");
        DevRigException e = failure(() -> client().send(get(server.url("/go"))), ErrorCodes.HTTP_ERROR);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
    }

    // --- pinning -----------------------------------------------------------------------------

    @Test
    void nameResolvingToLoopbackIsRefusedUnlessAllowListed() {
        dns = new FakeResolver(Map.of("api.pinned.test", List.of(ip("127.0.0.1"))));
        client = Clients.started(HttpSettings.defaults(), dns);
        DevRigException e = failure(() -> client.send(get("http://api.pinned.test:" + server.port() + "/")),
                ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(e.getMessage())
                .contains("destination api.pinned.test (127.0.0.1) refused: loopback address (127.0.0.0/8)");
        assertThat(dns.asked).containsExactly("api.pinned.test");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void allowListedNameReachesTheResolvedAddressWithItsHostHeader() {
        dns = new FakeResolver(Map.of("api.pinned.test", List.of(ip("127.0.0.1"))));
        client = Clients.started(HttpSettings.defaults().withAllowList("api.pinned.test:" + server.port()), dns);
        OutboundResponse r = client.send(get("http://API.pinned.test.:" + server.port() + "/v1"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.uri()).isEqualTo(URI.create("http://api.pinned.test:" + server.port() + "/v1"));
        assertThat(server.received()).singleElement().satisfies(req ->
                assertThat(req.headers().getFirst("Host")).isEqualTo("api.pinned.test:" + server.port()));
        assertThat(dns.asked).containsExactly("api.pinned.test");
    }

    @Test
    void connectionGoesToTheCheckedAddressAndEveryLookupIsChecked() {
        // DNS rebinding: the first answer is the (allow-listed) local server, later answers the metadata address
        AtomicInteger lookups = new AtomicInteger();
        HostResolver rebinding = name -> {
            if (!name.equals("rebind.test")) {
                throw new java.net.UnknownHostException(name);
            }
            return List.of(lookups.incrementAndGet() == 1 ? ip("127.0.0.1") : ip("169.254.169.254"));
        };
        client = Clients.started(HttpSettings.defaults().withAllowList("127.0.0.1:" + server.port()), rebinding);
        server.on("/once", ex -> {
            ex.getResponseHeaders().add("Connection", "close"); // the next request needs a new connection
            LocalServer.reply(ex, 200, "pinned");
        });

        OutboundResponse first = client.send(get("http://rebind.test:" + server.port() + "/once"));

        assertThat(first.bodyText()).isEqualTo("pinned");
        assertThat(lookups).hasValue(1); // resolved once: the check and the connection used one answer
        assertThat(server.received()).singleElement()
                .satisfies(req -> assertThat(req.headers().getFirst("Host")).isEqualTo("rebind.test:" + server.port()));

        DevRigException e = failure(() -> client.send(get("http://rebind.test:" + server.port() + "/once")),
                ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(e.getMessage()).contains("rebind.test (169.254.169.254) refused: link-local address");
        assertThat(lookups).hasValue(2);
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void oneRefusedAnswerAmongSeveralRefusesTheName() {
        dns = new FakeResolver(Map.of("mixed.test", List.of(ip("127.0.0.1"), ip("10.0.0.1"))));
        client = Clients.started(HttpSettings.defaults().withAllowList("127.0.0.1:" + server.port()), dns);
        DevRigException e = failure(() -> client.send(get("http://mixed.test:" + server.port() + "/")),
                ErrorCodes.HTTP_DESTINATION_REFUSED);
        assertThat(e.getMessage()).contains("mixed.test (10.0.0.1) refused: private address (10.0.0.0/8)");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void allowListedIpv6LoopbackIsReached() {
        LocalServer v6;
        try {
            v6 = new LocalServer("::1");
        } catch (RuntimeException e) {
            Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (v6) {
            client = Clients.started(HttpSettings.defaults().withAllowList("[::1]:" + v6.port()), dns);
            OutboundResponse r = client.send(get("http://[0:0::1]:" + v6.port() + "/six"));
            assertThat(r.bodyText()).isEqualTo("ok /six");
            assertThat(r.uri()).isEqualTo(URI.create("http://[::1]:" + v6.port() + "/six"));
            failure(() -> client.send(get("http://[::1]:" + server.port() + "/")), ErrorCodes.HTTP_DESTINATION_REFUSED);
        }
    }

    @Test
    void unknownHostIsAnHttpError() {
        client = Clients.started(HttpSettings.defaults(), dns);
        DevRigException e = failure(() -> client.send(get("http://no-such-host.test/")), ErrorCodes.HTTP_ERROR);
        assertThat(e.getMessage()).contains("unknown host no-such-host.test");
    }
}
