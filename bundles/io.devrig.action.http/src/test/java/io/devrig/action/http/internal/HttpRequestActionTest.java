package io.devrig.action.http.internal;

import io.devrig.action.http.testing.Clients;
import io.devrig.action.http.testing.TestServer;

import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.http.OutboundHttp;
import io.devrig.common.json.Json;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * http.request against a real HTTP server on 127.0.0.1, sent by the real outbound client of
 * io.devrig.http allow-listing only that server's port (as an admin would in
 * etc/io.devrig.http.cfg); secrets from an in-memory vault.
 */
class HttpRequestActionTest {

    /** Made at run time so that it can only appear where the code put it. */
    static final String TOKEN = "tok-" + UUID.randomUUID();
    static final String PASSWORD = "pw-" + UUID.randomUUID();

    static TestServer server;
    static TestServer other;
    static OutboundHttp allowed;
    static OutboundHttp defaults;

    final Clients.FakeVault vault = new Clients.FakeVault().with("api-token", TOKEN).with("db-password", PASSWORD);
    final TestActionContext context = new TestActionContext();
    HttpRequestAction action;

    @BeforeAll
    static void start() {
        server = new TestServer();
        other = new TestServer();
        allowed = Clients.outbound("127.0.0.1:" + server.port(), "127.0.0.1:" + other.port());
        defaults = Clients.outbound();
    }

    @AfterAll
    static void stop() throws Exception {
        Clients.close(allowed);
        Clients.close(defaults);
        server.close();
        other.close();
    }

    @BeforeEach
    void create() {
        action = new HttpRequestAction(allowed, vault);
        server.seen.clear();
        other.seen.clear();
    }

    @AfterEach
    void logsNeverHoldSecrets() {
        assertThat(String.join("\n", context.logs())).doesNotContain(TOKEN).doesNotContain(PASSWORD);
    }

    Map<String, Object> in(String json) {
        return TestJson.object(json.replace("URL", server.url("")));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> run(String json) throws Exception {
        return (Map<String, Object>) action.execute(in(json), context);
    }

    @Test
    void getWithQueryAndHeadersReadsJson() throws Exception {
        server.on("/items", (ex, s) -> {
            ex.getResponseHeaders().add("X-Request-Id", "r-1");
            ex.getResponseHeaders().add("Set-Cookie", "session=abc");
            TestServer.send(ex, 200, "application/json; charset=utf-8", "{\"items\": [1, 2.50], \"next\": null}");
        });
        Map<String, Object> out = run("{'url': 'URL/items?fixed=1', 'query': {'q': 'a b&c', 'tag': ['x', 'y'], 'n': 2},"
                + " 'headers': {'Accept': 'application/json', 'X-Trace': 't1'}}");

        TestServer.Seen seen = server.last();
        assertThat(seen.method()).isEqualTo("GET");
        assertThat(seen.rawQuery()).isEqualTo("fixed=1&q=a%20b%26c&tag=x&tag=y&n=2");
        assertThat(seen.header("x-trace")).isEqualTo("t1");
        assertThat(out).containsEntry("status", 200).containsEntry("ok", true).containsEntry("bodyType", "json")
                .containsEntry("truncated", false);
        assertThat(Json.write(out.get("body"))).isEqualTo("{\"items\":[1,2.50],\"next\":null}");
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) out.get("headers");
        assertThat(headers).containsEntry("x-request-id", "r-1").doesNotContainKey("set-cookie");
        assertThat(context.logs()).anyMatch(l -> l.startsWith("INFO http.request GET 127.0.0.1:") && l.contains("-> 200"))
                .noneMatch(l -> l.contains("/items"));
    }

    @Test
    void bodiesAsJsonTextAndForm() throws Exception {
        run("{'method': 'POST', 'url': 'URL/j', 'body': {'json': {'a': [1, 'x'], 'b': 1.10}}}");
        assertThat(server.last().header("content-type")).isEqualTo("application/json");
        assertThat(server.last().body()).isEqualTo("{\"a\":[1,\"x\"],\"b\":1.10}");

        run("{'method': 'PUT', 'url': 'URL/t', 'body': {'text': 'héllo', 'contentType': 'text/markdown'}}");
        assertThat(server.last().method()).isEqualTo("PUT");
        assertThat(server.last().header("content-type")).isEqualTo("text/markdown");
        assertThat(server.last().body()).isEqualTo("héllo");

        run("{'method': 'patch', 'url': 'URL/f', 'body': {'form': {'name': 'a b', 'n': [1, 2], 'ok': true}}}");
        assertThat(server.last().method()).isEqualTo("PATCH");
        assertThat(server.last().header("content-type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(server.last().body()).isEqualTo("name=a+b&n=1&n=2&ok=true");

        run("{'method': 'DELETE', 'url': 'URL/d'}");
        assertThat(server.last().method()).isEqualTo("DELETE");
    }

    @Test
    void bearerTokenIsSentButNeverEchoedInTheOutput() throws Exception {
        // a server that echoes the credential in a header, and in a JSON and a text body
        server.on("/echo", (ex, s) -> {
            ex.getResponseHeaders().add("X-Echo", s.header("authorization"));
            TestServer.send(ex, 200, "application/json", "{\"you sent\": \"" + s.header("authorization") + "\"}");
        });
        Map<String, Object> out = run("{'url': 'URL/echo', 'auth': {'type': 'bearer', 'secret': 'api-token'}}");

        assertThat(server.last().header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(vault.asked).containsExactly("api-token");
        assertThat(Json.write(out)).doesNotContain(TOKEN).contains("Bearer ********");
    }

    @Test
    void basicAuthFromTheVault() throws Exception {
        server.on("/echo", (ex, s) -> TestServer.send(ex, 200, "text/plain", "auth=" + s.header("authorization")));
        Map<String, Object> out = run("{'url': 'URL/echo', 'auth': {'type': 'basic', 'username': 'ada', 'secret': 'db-password'}}");

        String expected = Base64.getEncoder().encodeToString(("ada:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(server.last().header("authorization")).isEqualTo("Basic " + expected);
        assertThat(out.get("body")).isEqualTo("auth=Basic ********");
    }

    @Test
    void namedHeaderAuthAndNoRedirectsWithIt() throws Exception {
        server.on("/echo", (ex, s) -> {
            ex.getResponseHeaders().add("X-Api-Key", s.header("x-api-key"));
            ex.getResponseHeaders().add("X-Shop-Key", s.header("x-api-key"));
            TestServer.send(ex, 200, "text/plain", "key=" + s.header("x-api-key"));
        });
        Map<String, Object> out = run("{'url': 'URL/echo', 'auth': {'type': 'header', 'name': 'X-Api-Key', 'prefix': 'Key ',"
                + " 'secret': 'api-token'}}");
        assertThat(server.last().header("x-api-key")).isEqualTo("Key " + TOKEN);
        assertThat(out.get("body")).isEqualTo("key=Key ********");
        assertThat(out.get("headers")).asString().doesNotContain("x-api-key").contains("x-shop-key=Key ********");

        DevRigException e = devrigError(() -> run("{'url': 'URL/echo', 'followRedirects': true,"
                + " 'auth': {'type': 'header', 'name': 'X-Api-Key', 'secret': 'api-token'}}"));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).startsWith("$.followRedirects:");
    }

    @Test
    void credentialsAreNeverWrittenIntoHeaders() {
        DevRigException e = devrigError(() -> run("{'url': 'URL/x', 'headers': {'authorization': 'Bearer abc'}}"));
        assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(e.error().message()).startsWith("$.headers.authorization: credentials are never written into a node")
                .doesNotContain("abc");
        assertThat(server.seen).isEmpty();
    }

    @Test
    void aMissingSecretIsNamedAndNothingIsSent() {
        DevRigException e = devrigError(() -> run("{'url': 'URL/x', 'auth': {'type': 'bearer', 'secret': 'nope'}}"));
        assertThat(e.code()).isEqualTo(Secrets.SECRET_NOT_FOUND);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).isEqualTo("$.auth.secret: the vault holds no secret named 'nope'");
        assertThat(server.seen).isEmpty();
    }

    @Test
    void serverErrorsAreTransientWithRetryAfter() {
        server.on("/busy", (ex, s) -> {
            ex.getResponseHeaders().add("Retry-After", "7");
            TestServer.send(ex, 503, "text/plain", "try later");
        });
        DevRigException e = devrigError(() -> run("{'url': 'URL/busy'}"));
        assertThat(e.code()).isEqualTo(HttpCall.HTTP_STATUS);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.retryable()).isTrue();
        assertThat(e.error().details()).containsEntry("status", 503).containsEntry("retryAfterMs", 7000L)
                .containsEntry("body", "try later");
        assertThat(e.error().message()).matches("GET 127\\.0\\.0\\.1:\\d+ answered 503; retry after 7 s");
    }

    @Test
    void tooManyRequestsIsRateLimitedAndTransient() {
        server.on("/limited", (ex, s) -> {
            ex.getResponseHeaders().add("Retry-After", "Wed, 21 Oct 2099 07:28:00 GMT");
            TestServer.send(ex, 429, null, "");
        });
        DevRigException e = devrigError(() -> run("{'url': 'URL/limited'}"));
        assertThat(e.code()).isEqualTo(ErrorCodes.RATE_LIMITED);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat((Long) e.error().details().get("retryAfterMs")).isPositive();
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 403, 404, 409, 422})
    void clientErrorsArePermanent(int status) {
        server.reply("/c", status, "application/json", "{\"message\": \"no\"}");
        DevRigException e = devrigError(() -> run("{'url': 'URL/c'}"));
        assertThat(e.code()).isEqualTo(HttpCall.HTTP_STATUS);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.retryable()).isFalse();
        assertThat(e.error().details()).containsEntry("status", status).containsEntry("body", "{\"message\":\"no\"}");
    }

    @Test
    void anErrorResponseThatEchoesTheTokenIsMaskedInTheError() {
        server.on("/deny", (ex, s) -> TestServer.send(ex, 401, "text/plain", "bad token " + s.header("authorization")));
        DevRigException e = devrigError(() -> run("{'url': 'URL/deny', 'auth': {'type': 'bearer', 'secret': 'api-token'}}"));
        assertThat(e.error().details().get("body")).isEqualTo("bad token Bearer ********");
        assertThat(e.toString() + e.error().details()).doesNotContain(TOKEN);
    }

    @Test
    void nothingPrintedDuringCallsHoldsTheToken() throws Exception {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        java.io.PrintStream capture = new java.io.PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try {
            System.err.println("probe-line");
            server.on("/deny", (ex, s) -> TestServer.send(ex, 401, "text/plain", "bad " + s.header("authorization")));
            devrigError(() -> run("{'url': 'URL/deny', 'auth': {'type': 'bearer', 'secret': 'api-token'}}"));
            run("{'url': 'URL/ok', 'auth': {'type': 'basic', 'username': 'ada', 'secret': 'db-password'}}");
            vault.with("bad-hook", "http://169.254.169.254/" + TOKEN);
            devrigError(() -> run("{'method': 'POST', 'urlSecret': 'bad-hook', 'body': {'json': {}}}"));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("probe-line"); // the capture works
        assertThat(printed.contains(TOKEN) || printed.contains(PASSWORD)).as("a secret was printed").isFalse();
    }

    @Test
    void expectStatusAndFailOnStatus() throws Exception {
        server.reply("/missing", 404, "text/plain", "gone");
        server.reply("/plain", 200, "text/plain", "fine");
        assertThat(run("{'url': 'URL/missing', 'expectStatus': [404]}")).containsEntry("status", 404)
                .containsEntry("ok", false).containsEntry("body", "gone");
        assertThat(run("{'url': 'URL/missing', 'failOnStatus': false}")).containsEntry("status", 404);

        DevRigException e = devrigError(() -> run("{'url': 'URL/plain', 'expectStatus': [201, 202]}"));
        assertThat(e.code()).isEqualTo(HttpCall.HTTP_STATUS);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        assertThat(e.error().message()).endsWith("answered 200, which the node does not expect");
    }

    @Test
    void responsesLongerThanTheCapAreCutAndFlagged() throws Exception {
        String big = "é".repeat(3000); // 6000 bytes: the cut must not split a character
        server.reply("/big", 200, "text/plain; charset=utf-8", big);
        Map<String, Object> out = run("{'url': 'URL/big', 'maxResponseBytes': 1001}");
        assertThat(out).containsEntry("truncated", true).containsEntry("bytes", 6000).containsEntry("bodyType", "text");
        assertThat((String) out.get("body")).isEqualTo("é".repeat(500));

        server.reply("/bigjson", 200, "application/json", "[" + "1,".repeat(2000) + "1]");
        Map<String, Object> cut = run("{'url': 'URL/bigjson', 'maxResponseBytes': 100}");
        assertThat(cut).containsEntry("truncated", true).containsEntry("bodyType", "text");
        DevRigException e = devrigError(() -> run("{'url': 'URL/bigjson', 'maxResponseBytes': 100, 'responseType': 'json'}"));
        assertThat(e.code()).isEqualTo(HttpCall.HTTP_RESPONSE_INVALID);
    }

    @Test
    void theClientsOwnLimitStillFailsLargerResponses() throws Exception {
        OutboundHttp small = Clients.outbound(512, "127.0.0.1:" + server.port());
        try {
            server.reply("/huge", 200, "text/plain", "x".repeat(4096));
            DevRigException e = devrigError(() -> new HttpRequestAction(small, vault)
                    .execute(in("{'url': 'URL/huge'}"), context));
            assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_RESPONSE_TOO_LARGE);
        } finally {
            Clients.close(small);
        }
    }

    @Test
    void malformedJsonFallsBackToTextOrFailsWhenJsonIsRequired() throws Exception {
        server.reply("/broken", 200, "application/json", "{\"a\": 1,");
        Map<String, Object> out = run("{'url': 'URL/broken'}");
        assertThat(out).containsEntry("bodyType", "text").containsEntry("body", "{\"a\": 1,");
        assertThat((String) out.get("jsonError")).contains("line 1");

        DevRigException e = devrigError(() -> run("{'url': 'URL/broken', 'responseType': 'json'}"));
        assertThat(e.code()).isEqualTo(HttpCall.HTTP_RESPONSE_INVALID);
        assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);

        server.reply("/textjson", 200, "text/plain", "{\"a\": 1}");
        assertThat(run("{'url': 'URL/textjson'}")).containsEntry("bodyType", "text");
        assertThat(run("{'url': 'URL/textjson', 'responseType': 'json'}")).containsEntry("bodyType", "json");
    }

    @Test
    void aSlowServerTimesOut() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        server.on("/slow", (ex, s) -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestServer.send(ex, 200, "text/plain", "late");
        });
        try {
            DevRigException e = devrigError(() -> run("{'url': 'URL/slow', 'timeoutMs': 200}"));
            assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_TIMEOUT);
            assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
        } finally {
            release.countDown();
        }
    }

    @Test
    void aPassedDeadlineOrACancelledRunSendsNothing() {
        context.deadline(Instant.now().minus(Duration.ofSeconds(1)));
        assertThat(devrigError(() -> run("{'url': 'URL/x'}")).code()).isEqualTo(ErrorCodes.HTTP_TIMEOUT);
        context.deadlineIn(Duration.ofMinutes(1)).cancel();
        assertThat(devrigError(() -> run("{'url': 'URL/x'}")).code()).isEqualTo(ErrorCodes.CANCELLED);
        assertThat(server.seen).isEmpty();
    }

    @Test
    void redirectsFollowTheClientsRules() throws Exception {
        server.on("/moved", (ex, s) -> {
            ex.getResponseHeaders().add("Location", "/final");
            TestServer.send(ex, 302, null, "");
        });
        server.reply("/final", 200, "text/plain", "here");
        assertThat(run("{'url': 'URL/moved'}")).containsEntry("status", 200).containsEntry("body", "here");

        Map<String, Object> notFollowed = run("{'url': 'URL/moved', 'followRedirects': false}");
        assertThat(notFollowed).containsEntry("status", 302);
        assertThat(notFollowed.get("headers")).asString().contains("location=/final");

        // to another origin the client drops Authorization
        server.on("/away", (ex, s) -> {
            ex.getResponseHeaders().add("Location", other.url("/landing"));
            TestServer.send(ex, 307, null, "");
        });
        run("{'url': 'URL/away', 'auth': {'type': 'bearer', 'secret': 'api-token'}}");
        assertThat(server.last().header("authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(other.last().path()).isEqualTo("/landing");
        assertThat(other.last().header("authorization")).isNull();

        // and refuses a hop to the metadata address
        server.on("/metadata", (ex, s) -> {
            ex.getResponseHeaders().add("Location", "http://169.254.169.254/latest/meta-data/");
            TestServer.send(ex, 302, null, "");
        });
        DevRigException e = devrigError(() -> run("{'url': 'URL/metadata'}"));
        assertThat(e.code()).isEqualTo(ErrorCodes.HTTP_DESTINATION_REFUSED);
    }

    @Test
    void theIdempotencyKeyIsSentWhenAsked() throws Exception {
        run("{'method': 'POST', 'url': 'URL/pay', 'idempotencyKey': true, 'body': {'json': {}}}");
        assertThat(server.last().header("idempotency-key")).isEqualTo("run-1:node-1");
        run("{'method': 'POST', 'url': 'URL/pay', 'body': {'json': {}}}");
        assertThat(server.last().header("idempotency-key")).isNull();
    }

    @Test
    void aUrlFromTheVaultNeverShows() throws Exception {
        String secretPath = "/hooks/" + TOKEN;
        vault.with("hook-url", server.url(secretPath));
        server.reply(secretPath, 500, "text/plain", "failed for " + secretPath);
        DevRigException e = devrigError(() -> run("{'method': 'POST', 'urlSecret': 'hook-url', 'body': {'json': {'x': 1}}}"));
        assertThat(server.last().path()).isEqualTo(secretPath);
        assertThat(e.category()).isEqualTo(ErrorCategory.TRANSIENT);
        assertThat(e.toString() + e.error().details()).doesNotContain(TOKEN).contains("failed for ********");
        assertThat(e.error().message()).contains("(URL from vault secret 'hook-url')");
    }

    @Test
    void dryRunShowsTheRequestMaskedAndSendsNothing() {
        Clients.FakeVault untouchable = new Clients.FakeVault() {
            @Override
            public java.util.Optional<io.devrig.api.secrets.SecretValue> get(String name) {
                throw new AssertionError("a preview must not read the vault");
            }
        };
        HttpRequestAction a = new HttpRequestAction(allowed, untouchable);
        Object preview = a.preview(in("{'method': 'POST', 'url': 'URL/x', 'query': {'a': 1},"
                + " 'auth': {'type': 'bearer', 'secret': 'api-token'}, 'body': {'json': {'k': 'v'}}}"), context.dryRun(true));
        assertThat(TestJson.write(preview)).isEqualTo(TestJson.write(TestJson.object(("{'preview': true, 'sent': false,"
                + " 'request': {'method': 'POST', 'url': 'URL/x?a=1', 'headers': {'Content-Type': 'application/json',"
                + " 'Authorization': 'Bearer ********'}, 'body': {'k': 'v'}, 'auth': {'type': 'bearer', 'secret': 'api-token'},"
                + " 'timeoutMs': 30000, 'followRedirects': true}}").replace("URL", server.url("")))));
        Object hook = a.preview(in("{'method': 'POST', 'urlSecret': 'hook-url', 'body': {'text': 'hi'}}"), context);
        assertThat(TestJson.write(hook)).contains("(the URL in vault secret 'hook-url')");
        assertThat(server.seen).isEmpty();
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsSent() {
        for (String bad : List.of("{'url': 'URL/x', 'method': 'TRACE'}", "{'url': 'ftp://example.com/x'}",
                "{'url': 'URL/x', 'urlSecret': 'a'}", "{}", "{'url': 'URL/x', 'body': {'text': 'no body on GET'}}",
                "{'url': 'URL/x', 'method': 'POST', 'body': {'text': 'a', 'json': 1}}", "{'url': 'URL/x', 'tiemoutMs': 5}",
                "{'url': 'http://user:pw@127.0.0.1/x'}", "{'url': 'URL/x', 'expectStatus': [], 'failOnStatus': true}",
                "{'url': 'URL/x', 'auth': {'type': 'basic', 'secret': 's'}}", "{'url': 'URL/x', 'timeoutMs': 0}")) {
            DevRigException e = devrigError(() -> run(bad));
            assertThat(e.code()).as(bad).isEqualTo(ErrorCodes.INVALID_INPUT);
            assertThat(e.error().message()).as(bad).doesNotContain("pw");
        }
        assertThat(server.seen).isEmpty();
    }
}
