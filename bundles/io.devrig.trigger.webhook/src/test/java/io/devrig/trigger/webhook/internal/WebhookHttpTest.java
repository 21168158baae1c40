package io.devrig.trigger.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook endpoint over real HTTP on 127.0.0.1: every refusal is its 4xx and fires nothing. */
class WebhookHttpTest {

    // GitHub's documented example ("Validating webhook deliveries", docs.github.com):
    // secret "It's a Secret to Everybody", payload "Hello, World!"
    static final String GITHUB_SECRET = "It's a Secret to Everybody";
    static final String GITHUB_SIGNATURE = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    // The Standard Webhooks reference vectors, from the standard-webhooks/standard-webhooks
    // repository: libraries/go/webhook_test.go and libraries/javascript/src/webhook.test.ts
    // (TestWebhookSign / "sign function works", and the invalid and partial signatures).
    static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String SW_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    static final long SW_TIMESTAMP = 1614265330;
    static final String SW_PAYLOAD = "{\"test\": 2432232314}";
    static final String SW_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    static final String SW_FORGED = "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=";

    static final String SW_OLD = "whsec_" + Base64.getEncoder().encodeToString("an older key, 32 bytes long!!!!!".getBytes(StandardCharsets.UTF_8));
    static final String HMAC_SECRET = "hmac-value-never-shown-4242";

    HookServer server;

    @BeforeEach
    void start() throws Exception {
        server = new HookServer();
        server.vault.with("github-hook", GITHUB_SECRET).with("sw-hook", SW_SECRET).with("sw-old", SW_OLD)
                .with("hmac-hook", HMAC_SECRET);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    // ---- fixtures ----

    @Test
    void githubDocumentedExampleIsAcceptedOnce() throws Exception {
        FakeTriggerContext hook = server.hook("gh", Map.of("path", "github/hello", "signature", "github",
                "secret", "github-hook", "contentType", "text/plain"));

        HttpResponse<String> r = post("/hooks/github/hello", "text/plain",
                Map.of("X-Hub-Signature-256", GITHUB_SIGNATURE, "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                        "X-GitHub-Event", "ping"), "Hello, World!");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(hook.fires).hasSize(1);
        FakeTriggerContext.Fire fire = hook.fires.get(0);
        assertThat(Json.readObject(r.body())).containsEntry("eventId", fire.result().eventId())
                .containsEntry("runId", fire.result().runId());
        assertThat(fire.key()).isEqualTo("x-github-delivery:72d3162e-cc78-11e3-81ab-4c9367dc0958");
        Map<String, Object> payload = payload(fire);
        assertThat(payload).containsEntry("method", "POST").containsEntry("path", "/hooks/github/hello")
                .containsEntry("body", "Hello, World!").containsEntry("deliveryId", "72d3162e-cc78-11e3-81ab-4c9367dc0958")
                .containsEntry("signature", "github");
        assertThat(headers(payload)).containsEntry("x-github-event", "ping").doesNotContainKey("x-hub-signature-256");
    }

    @Test
    void standardWebhooksReferenceVectorIsAccepted() throws Exception {
        server.clock.set(Instant.ofEpochSecond(SW_TIMESTAMP));
        FakeTriggerContext hook = server.hook("sw", Map.of("path", "sw", "signature", "standard", "secret", "sw-hook"));

        HttpResponse<String> r = post("/hooks/sw", "application/json", standardHeaders(SW_ID, SW_TIMESTAMP, SW_SIGNATURE),
                SW_PAYLOAD);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(hook.started()).hasSize(1);
        assertThat(hook.fires.get(0).key()).isEqualTo("webhook-id:" + SW_ID);
        assertThat(payload(hook.fires.get(0))).containsEntry("body", Map.of("test", 2432232314L))
                .containsEntry("deliveryId", SW_ID);

        // the reference multi-signature header: one valid v1 entry among others verifies (here a replay: 200)
        String multi = String.join(" ", SW_FORGED, "v2,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc=", SW_SIGNATURE, SW_FORGED);
        r = post("/hooks/sw", "application/json", standardHeaders(SW_ID, SW_TIMESTAMP, multi), SW_PAYLOAD);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(hook.started()).hasSize(1);
    }

    // ---- signatures ----

    @Test
    void forgedSignaturesAreRefused() throws Exception {
        server.clock.set(Instant.ofEpochSecond(SW_TIMESTAMP));
        FakeTriggerContext hook = server.hook("sw", Map.of("path", "sw", "signature", "standard", "secret", "sw-hook"));

        for (String forged : List.of(SW_FORGED, "v1,dawfeoifkpqwoekfpqoekf", SW_SIGNATURE.substring(0, 8), "v1,",
                "v2," + SW_SIGNATURE.substring(3), SW_SIGNATURE + "x")) {
            assertUnauthorized(post("/hooks/sw", "application/json", standardHeaders(SW_ID, SW_TIMESTAMP, forged), SW_PAYLOAD));
        }
        // a valid signature over another body
        assertUnauthorized(post("/hooks/sw", "application/json", standardHeaders(SW_ID, SW_TIMESTAMP, SW_SIGNATURE),
                "{\"test\": 2432232315}"));
        // the id is signed: the same signature under another id fails
        assertUnauthorized(post("/hooks/sw", "application/json", standardHeaders("msg_other", SW_TIMESTAMP, SW_SIGNATURE),
                SW_PAYLOAD));
        assertThat(hook.fires).isEmpty();
        assertThat(hook.errors).isNotEmpty().allSatisfy(e -> assertThat(e).doesNotContain("MfKQ9r8"));
    }

    @Test
    void wrongSecretIsRefused() throws Exception {
        FakeTriggerContext hook = server.hook("gh", Map.of("path", "gh", "signature", "github", "secret", "github-hook"));
        String body = "{\"action\":\"opened\"}";

        assertUnauthorized(post("/hooks/gh", "application/json", Map.of("X-Hub-Signature-256",
                "sha256=" + hex(hmac("not the secret", body))), body));
        assertThat(hook.fires).isEmpty();

        assertThat(post("/hooks/gh", "application/json", Map.of("X-Hub-Signature-256",
                "sha256=" + hex(hmac(GITHUB_SECRET, body))), body).statusCode()).isEqualTo(202);
        assertThat(hook.started()).hasSize(1);
    }

    @Test
    void missingHeadersAreRefusedAlike() throws Exception {
        long now = server.clock.instant().getEpochSecond();
        FakeTriggerContext sw = server.hook("sw", Map.of("path", "sw", "signature", "standard", "secret", "sw-hook"));
        FakeTriggerContext gh = server.hook("gh", Map.of("path", "gh", "signature", "github", "secret", "github-hook"));
        String body = "{}";
        Map<String, String> full = standardHeaders("msg_1", now, standardSignature(SW_SECRET, "msg_1", now, body));

        for (String left : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            Map<String, String> headers = new LinkedHashMap<>(full);
            headers.remove(left);
            assertUnauthorized(post("/hooks/sw", "application/json", headers, body));
        }
        assertUnauthorized(post("/hooks/gh", "application/json", Map.of(), body));
        assertThat(sw.fires).isEmpty();
        assertThat(gh.fires).isEmpty();
        assertThat(post("/hooks/sw", "application/json", full, body).statusCode()).isEqualTo(202);
    }

    @Test
    void staleAndFutureTimestampsAreRefused() throws Exception {
        long now = server.clock.instant().getEpochSecond();
        FakeTriggerContext hook = server.hook("sw", Map.of("path", "sw", "signature", "standard", "secret", "sw-hook"));
        String body = "{\"n\":1}";

        for (long ts : List.of(now - 301, now + 301, now - 86_400, 0L)) {
            String id = "msg_" + ts;
            assertUnauthorized(post("/hooks/sw", "application/json",
                    standardHeaders(id, ts, standardSignature(SW_SECRET, id, ts, body)), body));
        }
        Map<String, String> notANumber = standardHeaders("msg_x", now, standardSignature(SW_SECRET, "msg_x", now, body));
        notANumber.put("webhook-timestamp", "hello");
        assertUnauthorized(post("/hooks/sw", "application/json", notANumber, body));
        assertThat(hook.fires).isEmpty();

        // the edges of the tolerance are inside it
        for (long ts : List.of(now - 300, now + 300)) {
            String id = "msg_edge_" + ts;
            assertThat(post("/hooks/sw", "application/json",
                    standardHeaders(id, ts, standardSignature(SW_SECRET, id, ts, body)), body).statusCode()).isEqualTo(202);
        }
        assertThat(hook.started()).hasSize(2);
    }

    @Test
    void replayedDeliveryIsAnsweredWithTheFirstEventAndStartsNothing() throws Exception {
        long now = server.clock.instant().getEpochSecond();
        FakeTriggerContext hook = server.hook("sw", Map.of("path", "sw", "signature", "standard", "secret", "sw-hook"));
        String body = "{\"order\":7}";
        Map<String, String> headers = standardHeaders("msg_7", now, standardSignature(SW_SECRET, "msg_7", now, body));

        HttpResponse<String> first = post("/hooks/sw", "application/json", headers, body);
        HttpResponse<String> again = post("/hooks/sw", "application/json", headers, body);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        String eventId = (String) Json.readObject(first.body()).get("eventId");
        assertThat(Json.readObject(again.body())).isEqualTo(Map.of("eventId", eventId, "duplicate", true));
        assertThat(hook.started()).hasSize(1);
    }

    @Test
    void rotatedSecretsAreEachAccepted() throws Exception {
        long now = server.clock.instant().getEpochSecond();
        FakeTriggerContext hook = server.hook("sw", Map.of("path", "sw", "signature", "standard",
                "secrets", List.of("sw-old", "sw-hook")));
        String body = "{}";

        assertThat(post("/hooks/sw", "application/json",
                standardHeaders("msg_old", now, standardSignature(SW_OLD, "msg_old", now, body)), body).statusCode()).isEqualTo(202);
        assertThat(post("/hooks/sw", "application/json",
                standardHeaders("msg_new", now, standardSignature(SW_SECRET, "msg_new", now, body)), body).statusCode()).isEqualTo(202);
        String third = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
        assertUnauthorized(post("/hooks/sw", "application/json",
                standardHeaders("msg_3", now, standardSignature(third, "msg_3", now, body)), body));

        // the rotation ends in the vault: the old secret is deleted and stops verifying once
        // the keys read from the vault are older than LiveHook.KEYS_FOR_NANOS
        server.vault.delete("sw-old");
        server.skew.addAndGet(LiveHook.KEYS_FOR_NANOS);
        assertUnauthorized(post("/hooks/sw", "application/json",
                standardHeaders("msg_old2", now, standardSignature(SW_OLD, "msg_old2", now, body)), body));
        assertThat(hook.started()).hasSize(2);
    }

    /**
     * The keys are read from the vault once per interval, not per request: a secret changed
     * in the vault applies within LiveHook.KEYS_FOR_NANOS (the README says one second).
     */
    @Test
    void theVaultIsReadOncePerIntervalAndAChangedSecretAppliesAfterIt() throws Exception {
        server.vault.with("gh-hook", GITHUB_SECRET);
        server.hook("gh", Map.of("path", "gh", "signature", "github", "secret", "gh-hook"));
        String body = "{\"n\":1}";
        int before = server.vault.reads.get();
        for (int i = 0; i < 5; i++) {
            assertThat(post("/hooks/gh", "application/json", Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac(GITHUB_SECRET, body)),
                    "X-GitHub-Delivery", "d-" + i), body).statusCode()).isEqualTo(202);
        }
        assertThat(server.vault.reads.get() - before).as("one vault read for five requests").isEqualTo(1);

        String rotated = "a new secret";
        server.vault.with("gh-hook", rotated);
        // within the interval the keys read before still verify
        assertThat(post("/hooks/gh", "application/json", Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac(GITHUB_SECRET, body)),
                "X-GitHub-Delivery", "d-old"), body).statusCode()).isEqualTo(202);
        server.skew.addAndGet(LiveHook.KEYS_FOR_NANOS);
        assertUnauthorized(post("/hooks/gh", "application/json", Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac(GITHUB_SECRET, body)),
                "X-GitHub-Delivery", "d-old2"), body));
        assertThat(post("/hooks/gh", "application/json", Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac(rotated, body)),
                "X-GitHub-Delivery", "d-new"), body).statusCode()).isEqualTo(202);
    }

    @Test
    void genericHmacHeaderWithPrefixAndBase64() throws Exception {
        FakeTriggerContext hook = server.hook("h", Map.of("path", "h", "signature", "hmac", "secret", "hmac-hook",
                "header", "X-Signature", "prefix", "hmac-sha256=", "encoding", "base64"));
        String body = "{\"x\":1}";
        String good = "hmac-sha256=" + Base64.getEncoder().encodeToString(hmac(HMAC_SECRET, body));

        assertUnauthorized(post("/hooks/h", "application/json", Map.of("X-Signature", good.substring("hmac-sha256=".length())), body));
        assertUnauthorized(post("/hooks/h", "application/json", Map.of("X-Signature", "hmac-sha256=" + hex(hmac(HMAC_SECRET, body))), body));
        HttpResponse<String> r = post("/hooks/h", "application/json", Map.of("x-signature", good, "Idempotency-Key", "k-1"), body);

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(hook.fires).hasSize(1);
        assertThat(hook.fires.get(0).key()).isEqualTo("idempotency-key:k-1");
        assertThat(headers(payload(hook.fires.get(0)))).doesNotContainKey("x-signature").containsEntry("idempotency-key", "k-1");
    }

    // ---- limits ----

    @Test
    void bodyOverTheDeclaredLengthIsRefusedUnread() throws Exception {
        FakeTriggerContext hook = server.hook("n", Map.of("path", "n", "signature", "none", "maxBodyBytes", 1024));

        HttpResponse<String> r = post("/hooks/n", "application/json", Map.of(), "[" + "1,".repeat(600) + "1]");

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(hook.fires).isEmpty();
        assertThat(post("/hooks/n", "application/json", Map.of(), "[" + "1,".repeat(400) + "1]").statusCode()).isEqualTo(202);
    }

    @Test
    void chunkedBodyIsNotReadPastTheLimit() throws Exception {
        FakeTriggerContext hook = server.hook("n", Map.of("path", "n", "signature", "none", "maxBodyBytes", 1024));

        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(30_000); // a failure guard only: a server waiting for the rest would hang here
            OutputStream out = socket.getOutputStream();
            out.write(("POST /hooks/n HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "[1111111111".repeat(20).getBytes(StandardCharsets.US_ASCII); // 220 bytes
            for (int i = 0; i < 6; i++) { // 1,320 bytes sent, more announced: the body never ends
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();

            String response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413 ").containsIgnoringCase("connection: close");
        }
        assertThat(hook.fires).isEmpty();
    }

    @Test
    void wrongContentTypeIsRefused() throws Exception {
        FakeTriggerContext hook = server.hook("n", Map.of("path", "n", "signature", "none"));
        String body = "{\"a\":1}";

        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                "application/json; charset=iso-8859-1")) {
            HttpResponse<String> r = post("/hooks/n", type, Map.of(), body);
            assertThat(r.statusCode()).as(type).isEqualTo(415);
        }
        assertThat(server.send("POST", "/hooks/n", Map.of(), body.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(415);
        assertThat(hook.fires).isEmpty();
        assertThat(post("/hooks/n", "Application/JSON; charset=UTF-8", Map.of(), body).statusCode()).isEqualTo(202);
    }

    @Test
    void malformedJsonIsRefusedWithItsPlaceOnly() throws Exception {
        FakeTriggerContext hook = server.hook("gh", Map.of("path", "gh", "signature", "github", "secret", "github-hook"));

        for (String body : List.of("{\"a\": 1,,}", "{\"token\": leakedtokenvalue}", "{\"a\":1}{\"b\":2}", "{\"a\":1,\"a\":2}", "")) {
            HttpResponse<String> r = post("/hooks/gh", "application/json",
                    Map.of("X-Hub-Signature-256", "sha256=" + hex(hmac(GITHUB_SECRET, body))), body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.body()).doesNotContain("leakedtokenvalue").doesNotContain("\"a\"");
            if (!body.isEmpty()) {
                assertThat(r.body()).contains("line 1, column");
            }
        }
        assertThat(hook.fires).isEmpty();
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        server.hook("n", Map.of("path", "known", "signature", "none"));

        for (String path : List.of("/hooks/unknown", "/hooks/", "/hooks/known/more", "/hooks/KNOWN")) {
            assertThat(post(path, "application/json", Map.of(), "{}").statusCode()).as(path).isEqualTo(404);
        }
        assertThat(post("/hooks/known", "application/json", Map.of(), "{}").statusCode()).isEqualTo(202);
    }

    @Test
    void methodNotConfiguredIsRefusedWithAllow() throws Exception {
        FakeTriggerContext hook = server.hook("n", Map.of("path", "n", "signature", "none", "methods", List.of("POST", "PUT")));

        for (String method : List.of("GET", "DELETE", "PATCH", "OPTIONS", "HEAD")) {
            HttpResponse<String> r = server.send(method, "/hooks/n", Map.of(), null);
            assertThat(r.statusCode()).as(method).isEqualTo(405);
            assertThat(r.headers().firstValue("Allow")).hasValue("POST, PUT");
        }
        assertThat(hook.fires).isEmpty();
        assertThat(server.send("PUT", "/hooks/n", Map.of("Content-Type", "application/json"),
                "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(202);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        FakeTriggerContext hook = server.hook("n", Map.of("path", "n", "signature", "none",
                "rateLimit", Map.of("requests", 2, "perSeconds", 3600)));

        assertThat(post("/hooks/n", "application/json", Map.of("Idempotency-Key", "1"), "{}").statusCode()).isEqualTo(202);
        assertThat(post("/hooks/n", "application/json", Map.of("Idempotency-Key", "2"), "{}").statusCode()).isEqualTo(202);
        HttpResponse<String> limited = post("/hooks/n", "application/json", Map.of("Idempotency-Key", "3"), "{}");

        assertThat(limited.statusCode()).isEqualTo(429);
        long retryAfter = Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 1800L);
        assertThat(hook.fires).hasSize(2);
    }

    @Test
    void concurrentRetriesOfOneDeliveryStartOneRun() throws Exception {
        long now = server.clock.instant().getEpochSecond();
        FakeTriggerContext hook = server.hook("sw", Map.of("path", "sw", "signature", "standard", "secret", "sw-hook"));
        String body = "{\"burst\":true}";
        Map<String, String> headers = standardHeaders("msg_burst", now, standardSignature(SW_SECRET, "msg_burst", now, body));

        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                answers.add(pool.submit(() -> post("/hooks/sw", "application/json", headers, body).statusCode()));
            }
        } finally {
            pool.shutdown();
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> a : answers) {
            statuses.add(a.get());
        }

        assertThat(statuses).hasSize(16).containsOnly(200, 202);
        assertThat(statuses).filteredOn(s -> s == 202).hasSize(1);
        assertThat(hook.started()).hasSize(1);
    }

    // ---- the payload and the answers ----

    @Test
    void getCarriesItsQueryAndAFormBodyItsFields() throws Exception {
        FakeTriggerContext get = server.hook("g", Map.of("path", "ping", "signature", "none", "methods", List.of("GET")));
        FakeTriggerContext form = server.hook("f", Map.of("path", "form", "signature", "none",
                "contentType", "application/x-www-form-urlencoded"));

        assertThat(server.send("GET", "/hooks/ping?ref=main&tag=a&tag=b%20c", Map.of(), null).statusCode()).isEqualTo(202);
        assertThat(post("/hooks/form", "application/x-www-form-urlencoded", Map.of(), "a=1&b=2&b=3").statusCode())
                .isEqualTo(202);

        Map<String, Object> p = payload(get.fires.get(0));
        assertThat(p).containsEntry("query", Map.of("ref", "main", "tag", List.of("a", "b c"))).containsEntry("body", null)
                .containsEntry("deliveryId", null).containsEntry("signature", "none");
        assertThat(get.fires.get(0).key()).startsWith("sha256:");
        assertThat(payload(form.fires.get(0))).containsEntry("body", Map.of("a", "1", "b", List.of("2", "3")));
    }

    @Test
    void otherBadInputIsA400NeverA500() throws Exception {
        FakeTriggerContext get = server.hook("g", Map.of("path", "ping", "signature", "none", "methods", List.of("GET")));
        FakeTriggerContext text = server.hook("t", Map.of("path", "text", "signature", "none", "contentType", "text/plain"));
        FakeTriggerContext json = server.hook("j", Map.of("path", "json", "signature", "none"));

        assertThat(raw("GET /hooks/ping?a=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        assertThat(server.send("POST", "/hooks/text", Map.of("Content-Type", "text/plain"),
                new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28}).statusCode()).isEqualTo(400);
        String deep = "[".repeat(5_000) + "]".repeat(5_000);
        HttpResponse<String> tooDeep = post("/hooks/json", "application/json", Map.of(), deep);
        assertThat(tooDeep.statusCode()).isEqualTo(400);
        assertThat(tooDeep.body()).contains("exceeds the JSON limits");
        assertThat(raw("POST /hooks/json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: application/json\r\n"
                + "Idempotency-Key: bad\u0001id\r\nContent-Length: 2\r\n\r\n{}")).startsWith("HTTP/1.1 400 ");
        assertThat(get.fires).isEmpty();
        assertThat(text.fires).isEmpty();
        assertThat(json.fires).isEmpty();
    }

    @Test
    void sameBodyWithoutAnIdIsOneDelivery() throws Exception {
        FakeTriggerContext hook = server.hook("n", Map.of("path", "n", "signature", "none"));

        assertThat(post("/hooks/n", "application/json", Map.of(), "{\"a\":1}").statusCode()).isEqualTo(202);
        assertThat(post("/hooks/n", "application/json", Map.of(), "{\"a\":1}").statusCode()).isEqualTo(200);
        assertThat(post("/hooks/n", "application/json", Map.of(), "{\"a\":2}").statusCode()).isEqualTo(202);
        assertThat(hook.started()).hasSize(2);
    }

    @Test
    void refusedAndFailedFiresAreAnswered409And503() throws Exception {
        FakeTriggerContext hook = server.hook("n", Map.of("path", "n", "signature", "none"));

        hook.refuseWith = "workflow disabled";
        HttpResponse<String> refused = post("/hooks/n", "application/json", Map.of("Idempotency-Key", "r"), "{}");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(Json.readObject(refused.body())).containsEntry("reason", "workflow disabled").containsKey("eventId");

        hook.refuseWith = null;
        hook.failWith = new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT, "database is busy");
        HttpResponse<String> failed = post("/hooks/n", "application/json", Map.of("Idempotency-Key", "f"), "{}");
        assertThat(failed.statusCode()).isEqualTo(503);
        assertThat(failed.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(failed.body()).doesNotContain("database");
    }

    @Test
    void aFireAcceptedByABusyManagerIsAnswered202WithTheIdOfTheRunToCome() throws Exception {
        FakeTriggerContext hook = server.hook("n", Map.of("path", "n", "signature", "none"));
        hook.accept = true;

        HttpResponse<String> r = post("/hooks/n", "application/json", Map.of("Idempotency-Key", "a"), "{}");

        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(Json.readObject(r.body())).isEqualTo(Map.of("eventId", "evt-1", "runId", "run-1"));
    }

    @Test
    void aBugIsAnswered500WithoutDetails() throws Exception {
        server.hook("gh", Map.of("path", "gh", "signature", "github", "secret", "github-hook"));
        server.vault.failWith = new IllegalStateException("a bug with a detail");

        HttpResponse<String> r = post("/hooks/gh", "application/json", Map.of("X-Hub-Signature-256", "sha256=00"), "{}");

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(Json.readObject(r.body())).isEqualTo(Map.of("error", "INTERNAL_ERROR", "message", "internal error"));
    }

    @Test
    void secretsNeverAppearInAnswersPayloadsOrReports() throws Exception {
        FakeTriggerContext gh = server.hook("gh", Map.of("path", "gh", "signature", "github", "secret", "github-hook"));
        FakeTriggerContext h = server.hook("h", Map.of("path", "h", "signature", "hmac", "secret", "hmac-hook",
                "header", "X-My-Sig"));
        FakeTriggerContext gone = server.hook("gone", Map.of("path", "gone", "signature", "github", "secret", "no-such-secret"));
        String body = "{\"a\":1}";
        String ghSig = "sha256=" + hex(hmac(GITHUB_SECRET, body));
        String hSig = hex(hmac(HMAC_SECRET, body));
        Map<String, String> extra = Map.of("Authorization", "Bearer bearer-value-1", "Cookie", "session=cookie-value-2",
                "X-Api-Key", "apikey-value-3", "X-Gitlab-Token", "token-value-4", "X-Custom", "kept");

        List<HttpResponse<String>> answers = List.of(
                post("/hooks/gh", "application/json", with(extra, "X-Hub-Signature-256", ghSig), body),
                post("/hooks/gh", "application/json", with(extra, "X-Hub-Signature-256", ghSig + "0"), body),
                post("/hooks/h", "application/json", with(extra, "X-My-Sig", hSig), body),
                post("/hooks/gone", "application/json", with(extra, "X-Hub-Signature-256", ghSig), body));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(202, 401, 202, 503);
        assertThat(answers.get(3).headers().firstValue("Retry-After")).hasValue("10");
        List<String> secrets = List.of(GITHUB_SECRET, HMAC_SECRET, ghSig.substring(7), hSig, "bearer-value-1",
                "cookie-value-2", "apikey-value-3", "token-value-4");
        StringBuilder seen = new StringBuilder();
        answers.forEach(a -> seen.append(a.body()).append(a.headers().map()));
        for (FakeTriggerContext c : List.of(gh, h, gone)) {
            c.fires.forEach(f -> seen.append(Json.write(f.payload())));
            c.errors.forEach(seen::append);
        }
        for (String secret : secrets) {
            assertThat(seen.toString()).doesNotContain(secret);
        }
        assertThat(headers(payload(gh.fires.get(0)))).containsEntry("x-custom", "kept")
                .doesNotContainKeys("authorization", "cookie", "x-api-key", "x-gitlab-token", "x-hub-signature-256");
        assertThat(headers(payload(h.fires.get(0)))).doesNotContainKey("x-my-sig");
        // the trigger's lastError names the missing secret, not a value
        assertThat(gone.errors).singleElement().asString().contains("no-such-secret").contains("not in the vault");
        assertThat(gone.fires).isEmpty();
    }

    // ---- helpers ----

    private HttpResponse<String> post(String path, String contentType, Map<String, String> headers, String body)
            throws Exception {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", contentType);
        return server.send("POST", path, h, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertUnauthorized(HttpResponse<String> r) {
        assertThat(r.statusCode()).isEqualTo(401);
        // one message whatever failed: no hint which part was wrong
        assertThat(Json.readObject(r.body())).isEqualTo(Map.of("error", "UNAUTHORIZED", "message", LiveHook.UNAUTHORIZED_MESSAGE));
    }

    static Map<String, String> standardHeaders(String id, long timestamp, String signature) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("webhook-id", id);
        h.put("webhook-timestamp", Long.toString(timestamp));
        h.put("webhook-signature", signature);
        return h;
    }

    /** Signs as a Standard Webhooks sender does, independently of the code under test. */
    static String standardSignature(String whsec, String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(whsec.substring("whsec_".length())), "HmacSHA256"));
        return "v1," + Base64.getEncoder().encodeToString(
                mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] hmac(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return h;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(FakeTriggerContext.Fire fire) {
        return (Map<String, Object>) fire.payload();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> headers(Map<String, Object> payload) {
        return (Map<String, Object>) payload.get("headers");
    }

    /** Sends bytes a well-behaved client would not, and reads the answer. */
    private String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    /** The status line and headers, and the body as far as Content-Length says. */
    private static String readResponse(InputStream in) throws Exception {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            seen.write(b);
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end >= 0) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
                int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                if (seen.size() >= end + 4 + length) {
                    return text;
                }
            }
        }
        return seen.toString(StandardCharsets.ISO_8859_1);
    }
}
