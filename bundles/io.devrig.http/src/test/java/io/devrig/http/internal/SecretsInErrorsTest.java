package io.devrig.http.internal;

import static io.devrig.http.internal.Clients.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundRequest;
import io.devrig.http.internal.Clients.FakeResolver;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A canary token in every part of a URL, and in malformed URLs, driven through every error
 * path of the real client against servers on 127.0.0.1: it must appear in no exception
 * message, no cause, no {@code toString}, no error detail and nothing logged.
 *
 * <p>The canary is built at run time and never printed (CI fails on any log or report that
 * contains it): assertions name the case, never the text that held it.
 */
class SecretsInErrorsTest {

    /**
     * Built from pieces at run time (not a constant expression, which javac would fold into
     * the class file), so neither this source nor its class holds the token CI looks for.
     */
    static final String CANARY = String.join("", "DEVRIG", "-CANARY-", "5EC12E7");

    private LocalServer server;
    private LocalServer other;
    /** Answers any connection with plain HTTP text at once: a TLS handshake with it fails. */
    private ServerSocket plain;
    private JettyOutboundHttp client;
    private final CountDownLatch release = new CountDownLatch(1);
    private PrintStream realErr;
    private PrintStream realOut;
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    /** Cases checked, by name, so a case that did not fail the expected way is reported. */
    private final List<String> checked = new ArrayList<>();
    /** What went wrong, by case; never holds the canary. */
    private final List<String> problems = new ArrayList<>();

    @BeforeEach
    void start() {
        // everything the client, Jetty and slf4j-simple print goes to System.err/out: capture both
        realErr = System.err;
        realOut = System.out;
        PrintStream capture = new PrintStream(logged, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        server = new LocalServer();
        other = new LocalServer();
        server.on("*", ex -> { // every path without its own handler answers too late
            try {
                release.await(10, TimeUnit.SECONDS); // longer than the request timeout; released at the end
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            LocalServer.reply(ex, 200, "late");
        });
        plain = plainHttpServer();
        server.on("/big", ex -> LocalServer.reply(ex, 200, "x".repeat(5_000)));
        FakeResolver dns = new FakeResolver(Map.of("internal.test", List.of(ip("10.0.0.1")),
                "api.example.test", List.of(ip("127.0.0.1"))));
        client = Clients.started(HttpSettings.defaults().withAllowList("127.0.0.1:" + server.port(),
                "127.0.0.1:" + plain.getLocalPort(), "api.example.test:" + plain.getLocalPort())
                .withMaxResponseBytes(1_000), dns);
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        server.close();
        other.close();
        try {
            plain.close();
        } catch (java.io.IOException e) {
            // already closed
        }
        System.setErr(realErr);
        System.setOut(realOut);
        // show what was captured, with the canary masked (never print it)
        realErr.print(logged.toString(StandardCharsets.UTF_8).replace(CANARY, "<canary>"));
    }

    private static ServerSocket plainHttpServer() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread t = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket s = socket.accept()) {
                        s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        s.getOutputStream().flush();
                    } catch (java.io.IOException e) {
                        // closed at the end of the test
                    }
                }
            }, "plain-http");
            t.setDaemon(true);
            t.start();
            return socket;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Text safe to hand to an assertion (its failure message prints it): the canary masked. */
    static String masked(String text) {
        return text == null ? null : text.replace(CANARY, "<canary>");
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Sends, expects a DevRigException with {@code code}, and checks it all for the canary. */
    private DevRigException fails(String name, String code, URI uri) {
        return fails(name, code, new OutboundRequest("GET", uri, Map.of(), null, Duration.ofMillis(500), true));
    }

    /** Records what is wrong with a case (its name and the place, never the text) and goes on. */
    private DevRigException fails(String name, String code, OutboundRequest request) {
        checked.add(name);
        DevRigException caught = null;
        try {
            client.send(request);
        } catch (DevRigException e) {
            caught = e;
        }
        if (caught == null) {
            problems.add(name + ": did not fail");
            return null;
        }
        if (!caught.code().equals(code)) {
            problems.add(name + ": " + caught.code() + " instead of " + code);
        }
        String leak = leak(caught);
        if (leak != null) {
            problems.add(name + ": the canary is in " + leak);
        }
        // the message, masked, so a reader of the test output sees what each case says
        realOut.println("case '" + name + "': " + masked(caught.getMessage()));
        return caught;
    }

    /** Where along the chain the canary is (e.g. "text 3"), or null. */
    static String leak(Throwable thrown) {
        List<String> texts = texts(thrown);
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).contains(CANARY)) {
                return "text " + i + " of the exception chain";
            }
        }
        return null;
    }

    static void assertNoCanary(String name, Throwable thrown) {
        assertThat(leak(thrown)).as("case '%s': where the canary is", name).isNull();
    }

    /** Message, toString and (for DevRigException) summary and details of each exception in the chain. */
    static List<String> texts(Throwable t) {
        List<String> out = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (; t != null && seen.add(t); t = t.getCause()) {
            out.add(String.valueOf(t.getMessage()));
            out.add(t.toString());
            if (t instanceof DevRigException d) {
                out.add(d.error().summary());
                out.add(String.valueOf(d.error().details()));
            }
            for (StackTraceElement e : t.getStackTrace()) {
                out.add(e.toString());
            }
            for (Throwable s : t.getSuppressed()) {
                out.addAll(texts(s));
            }
        }
        return out;
    }

    @Test
    void theCanaryIsInNoErrorAndNoLogLineWhereverItIsInTheUrl() throws Exception {
        String c = CANARY;
        // user info
        fails("user info", ErrorCodes.INVALID_INPUT, URI.create("http://admin:" + c + "@127.0.0.1:" + server.port() + "/x"));
        fails("user name", ErrorCodes.INVALID_INPUT, URI.create("http://" + c + "@127.0.0.1:" + server.port() + "/x"));
        // path segment, query value, fragment: on a timeout, the message names the request
        DevRigException timeout = fails("path segment", ErrorCodes.HTTP_TIMEOUT,
                URI.create(base() + "/slow/" + c + "/items"));
        assertThat(timeout).isNotNull();
        assertThat(masked(timeout.getMessage())).as("still says where").contains("http://127.0.0.1:" + server.port() + "/…")
                .contains("3 path segments");
        fails("query value", ErrorCodes.HTTP_TIMEOUT, URI.create(base() + "/slow?access_token=" + c + "&x=1"));
        fails("fragment", ErrorCodes.HTTP_TIMEOUT, URI.create(base() + "/slow#id_token=" + c));
        fails("percent-encoded query", ErrorCodes.HTTP_TIMEOUT, URI.create(base() + "/slow?t=" + c.replace("-", "%2D")));
        fails("response too large", ErrorCodes.HTTP_RESPONSE_TOO_LARGE, URI.create(base() + "/big?t=" + c));
        // malformed URIs
        fails("bad port", ErrorCodes.INVALID_INPUT, URI.create("http://127.0.0.1:" + c + "/x?t=" + c));
        fails("port out of range", ErrorCodes.INVALID_INPUT, URI.create("http://127.0.0.1:99999/" + c + "?t=" + c + "#" + c));
        fails("no host", ErrorCodes.INVALID_INPUT, URI.create("http:///" + c + "?t=" + c));
        fails("relative URI", ErrorCodes.INVALID_INPUT, URI.create("/" + c + "?t=" + c));
        fails("scheme not allowed", ErrorCodes.INVALID_INPUT, URI.create("ftp://127.0.0.1/" + c + "?t=" + c));
        fails("opaque URI", ErrorCodes.INVALID_INPUT, URI.create("mailto:" + c + "@example.com"));
        fails("illegal character in the host", ErrorCodes.INVALID_INPUT, new URI("http://x!" + c + "/p?t=" + c));
        // transport failures
        fails("unknown host", ErrorCodes.HTTP_ERROR, URI.create("http://no-such-host.test/" + c + "?t=" + c + "#" + c));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        JettyOutboundHttp toClosed = Clients.started(HttpSettings.defaults().withAllowList("127.0.0.1:" + closed),
                FakeResolver.none());
        try {
            DevRigException refused = null;
            try {
                toClosed.send(OutboundRequest.get(URI.create("http://127.0.0.1:" + closed + "/" + c + "?t=" + c)));
            } catch (DevRigException e) {
                refused = e;
            }
            assertThat(refused).as("connection refused fails").isNotNull();
            assertThat(refused.code()).isEqualTo(ErrorCodes.HTTP_ERROR);
            assertNoCanary("connection refused", refused);
        } finally {
            toClosed.close();
        }
        fails("TLS to a plain HTTP server", ErrorCodes.HTTP_ERROR,
                URI.create("https://127.0.0.1:" + plain.getLocalPort() + "/" + c + "?t=" + c));
        fails("TLS to a plain HTTP server by name", ErrorCodes.HTTP_ERROR,
                URI.create("https://api.example.test:" + plain.getLocalPort() + "/" + c + "?t=" + c));
        // destinations refused by the policy
        fails("refused loopback", ErrorCodes.HTTP_DESTINATION_REFUSED, URI.create("http://127.0.0.2/" + c + "?t=" + c));
        fails("refused metadata", ErrorCodes.HTTP_DESTINATION_REFUSED,
                URI.create("http://169.254.169.254/latest/" + c + "?t=" + c + "#" + c));
        fails("name resolving to a private address", ErrorCodes.HTTP_DESTINATION_REFUSED,
                URI.create("http://internal.test/" + c + "?t=" + c));
        // redirects
        server.redirect("/to-token", 302, "http://127.0.0.1:" + other.port() + "/" + c + "/x?t=" + c + "#" + c);
        DevRigException hop = fails("redirect to a URL carrying the token", ErrorCodes.HTTP_DESTINATION_REFUSED,
                URI.create(base() + "/to-token"));
        assertThat(hop).isNotNull();
        assertThat(masked(hop.getMessage())).contains("redirect 1 to http://127.0.0.1:" + other.port() + "/… (2 path segments)");
        server.redirect("/to-private", 302, "http://10.0.0.1/" + c + "?t=" + c);
        fails("redirect to a private address", ErrorCodes.HTTP_DESTINATION_REFUSED, URI.create(base() + "/to-private"));
        server.redirect("/to-internal-name", 307, "http://internal.test:" + server.port() + "/" + c + "?t=" + c);
        fails("redirect to a name resolving privately", ErrorCodes.HTTP_DESTINATION_REFUSED,
                URI.create(base() + "/to-internal-name"));
        server.redirect("/to-user-info", 302, "http://u:" + c + "@127.0.0.1:" + server.port() + "/x");
        fails("redirect with user info", ErrorCodes.HTTP_DESTINATION_REFUSED, URI.create(base() + "/to-user-info"));
        server.redirect("/to-illegal", 302, "/a b/" + c + "?t=" + c);
        fails("redirect to a Location with an illegal character", ErrorCodes.HTTP_ERROR, URI.create(base() + "/to-illegal"));
        server.redirect("/to-bad-port", 302, "http://127.0.0.1:" + c + "/x?t=" + c);
        fails("redirect to a bad port", ErrorCodes.HTTP_DESTINATION_REFUSED, URI.create(base() + "/to-bad-port"));
        server.on("/loop", ex -> {
            ex.getResponseHeaders().add("Location", "/loop?t=" + CANARY + "&n=" + System.nanoTime());
            ex.sendResponseHeaders(302, -1);
        });
        fails("too many redirects, each carrying the token", ErrorCodes.HTTP_TOO_MANY_REDIRECTS,
                URI.create(base() + "/loop?t=" + c));
        server.redirect("/to-slow", 302, "/slow/" + c + "?t=" + c);
        fails("timeout after a redirect to the token", ErrorCodes.HTTP_TIMEOUT, URI.create(base() + "/to-slow"));

        assertThat(problems).isEmpty();
        assertThat(checked).as("every case ran").hasSize(28);
        // the capture works: a line logged by the client's package lands in it
        LoggerFactory.getLogger(JettyOutboundHttp.class).warn("log capture probe");
        String log = logged.toString(StandardCharsets.UTF_8);
        assertThat(masked(log)).contains("log capture probe");
        assertThat(log.contains(CANARY)).as("something logged during the test holds the canary").isFalse();
    }

    @Test
    void aCauseChainIsCopiedWithTypesAndStacksButScrubbedMessages() {
        URI uri = URI.create("https://u:" + CANARY + "@api.example.com/v1/" + CANARY + "?token=" + CANARY + "#" + CANARY);
        IllegalArgumentException inner = new IllegalArgumentException("Illegal character in path at index 3: " + uri);
        RuntimeException outer = new RuntimeException("failed on " + uri.getRawPath() + " with " + uri.getQuery(), inner);
        Throwable copy = Redaction.chain(outer, uri);
        assertNoCanary("copied chain", copy);
        assertThat(masked(copy.toString())).startsWith("java.lang.RuntimeException: failed on …");
        assertThat(masked(copy.getCause().toString())).startsWith("java.lang.IllegalArgumentException: Illegal character in path")
                .contains("https://api.example.com/… (2 path segments)");
        assertThat(copy.getStackTrace()).isEqualTo(outer.getStackTrace());
        assertThat(copy.getCause().getCause()).isNull();
        // URIs it was not told about are still reduced by their shape
        String text = Redaction.scrub("GET http://other.example:8080/a/b?x=" + CANARY + " failed");
        assertThat(masked(text)).isEqualTo("GET http://other.example:8080/… (2 path segments) failed");
    }

    @Test
    void theShownFormKeepsSchemeHostPortAndTheNumberOfSegments() {
        assertThat(Redaction.shown(URI.create("https://api.example.com/bot123:abc/sendMessage?chat=1#f")))
                .isEqualTo("https://api.example.com/… (2 path segments)");
        assertThat(Redaction.shown(URI.create("http://[::1]:8080/x"))).isEqualTo("http://[::1]:8080/… (1 path segment)");
        assertThat(Redaction.shown(URI.create("http://example.com/"))).isEqualTo("http://example.com/");
        assertThat(Redaction.shown(URI.create("http://example.com"))).isEqualTo("http://example.com");
        assertThat(Redaction.shown(URI.create("http://example.com:bad/x"))).isEqualTo("http://example.com/… (1 path segment)");
        assertThat(Redaction.shown(URI.create("http://a;b=c/x"))).isEqualTo("http://<invalid host>/… (1 path segment)");
        assertThat(Redaction.shown(URI.create("http:///x"))).isEqualTo("http://<no host>/… (1 path segment)");
        assertThat(Redaction.shown(URI.create("/x?y"))).isEqualTo("a relative URI");
        assertThat(Redaction.shown(URI.create("mailto:someone@example.com"))).isEqualTo("mailto:…");
    }
}
