package io.devrig.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks in the real distribution: a workflow with a GitHub-signed hook, its secret stored
 * with {@code devrig:secret-set}, answered over real HTTP on the Karaf port (202 and one
 * completed run, 401 for a forgery, 200 duplicate for a replayed delivery); then the crash
 * test of issue 12: the server is killed with SIGKILL while several clients post deliveries,
 * and after the restart every acknowledged delivery has exactly one event and one completed
 * run, nothing is half-written and the database is intact.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebhookIT {

    static final String HOOK_PATH = "/hooks/e2e/push";
    static final int CLIENTS = 4;
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path work;

    Distribution devrig;
    /** Random per test run; only ever held here and in a 0600 file deleted after secret-set. */
    final String secret = HexFormat.of().formatHex(randomBytes(24));
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    @BeforeAll
    void start() throws Exception {
        devrig = Distribution.unpack(Path.of(System.getProperty("devrig.distribution")), work);
        // short leases: a run whose worker died with the server is taken over soon after the restart
        Files.writeString(devrig.home.resolve("etc/io.devrig.queue.cfg"),
                "leaseMs = 3000\nrescueIntervalMs = 500\nminWorkers = 2\nmaxWorkers = 8\npollIntervalMs = 100\n");
        devrig.startFirstTime();

        String set = devrig.setSecret("e2e/hook", secret, work);
        assertThat(set).contains("Secret e2e/hook saved").doesNotContain(secret);

        Path flow = work.resolve("push.json");
        Files.writeString(flow, """
                {"schemaVersion": 2, "id": "push", "version": 1, "name": "Push hook",
                 "trigger": {"type": "webhook", "path": "e2e/push", "signature": "github", "secret": "e2e/hook",
                             "rateLimit": {"requests": 1000000, "perSeconds": 1}},
                 "nodes": [{"id": "pick", "type": "action", "actionType": "data.transform",
                            "config": {"source": {"$ref": "trigger.payload.body"}, "mapping": {"n": "$.n"}},
                            "position": {"x": 0, "y": 0}}],
                 "settings": {"maxConcurrentRuns": 100}}
                """);
        assertThat(devrig.admin("devrig:workflow-import --publish " + flow)).contains("Published push as version 1");
        devrig.awaitAdmin("devrig:hooks", o -> o.contains(HOOK_PATH), "the hook to be live");
    }

    @AfterAll
    void stop() throws Exception {
        if (devrig != null) {
            try {
                // the canary rule: the secret is in no log, console output or answer
                assertThat(devrig.log()).doesNotContain(secret);
                assertThat(Files.readString(devrig.home.resolve("console.out"))).doesNotContain(secret);
            } finally {
                devrig.stopAndKill("WebhookIT");
            }
        }
    }

    @Test
    @Order(1)
    void aSignedDeliveryStartsOneRunAForgeryNoneAndAReplayIsADuplicate() throws Exception {
        String delivery = UUID.randomUUID().toString();
        String body = "{\"n\": 1, \"ref\": \"refs/heads/main\"}";
        HttpResponse<String> accepted = post(body, sign(secret, body), delivery);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(accepted.body());
        String eventId = answer.path("eventId").asText();
        String runId = answer.path("runId").asText();
        assertThat(eventId).isNotEmpty();
        assertThat(runId).isNotEmpty();
        assertThat(accepted.body()).doesNotContain(secret);
        String shown = devrig.awaitAdmin("devrig:run-show " + runId, o -> o.contains("completed"), "the hook's run to complete");
        assertThat(shown).contains("pick", "data.transform");

        // a body signed with another secret, and one whose signature is for another body
        String forged = "{\"n\": 2}";
        HttpResponse<String> wrongKey = post(forged, sign("not-the-secret", forged), UUID.randomUUID().toString());
        HttpResponse<String> wrongBody = post(forged, sign(secret, body), UUID.randomUUID().toString());
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongBody.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).contains("UNAUTHORIZED").doesNotContain(secret);

        // the same delivery again: the first event's id, no second run
        HttpResponse<String> replay = post(body, sign(secret, body), delivery);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("duplicate").asBoolean()).isTrue();
        assertThat(JSON.readTree(replay.body()).path("eventId").asText()).isEqualTo(eventId);

        assertThat(count("SELECT count(*) FROM workflow_runs WHERE workflow_id = 'push'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM trigger_events WHERE workflow_id = 'push' AND outcome = 'started'"))
                .isEqualTo(1);
        String triggerId = devrig.admin("devrig:triggers").lines().filter(l -> l.contains("push"))
                .map(l -> l.trim().split("\\s+")[0]).findFirst().orElseThrow();
        // the listing shortens long keys
        assertThat(devrig.admin("devrig:trigger-events " + triggerId)).contains(eventId, "started", "duplicate",
                "repeats " + eventId, "x-github-delivery:" + delivery.substring(0, 8));
    }

    @Test
    @Order(2)
    void everyAcknowledgedDeliveryHasExactlyOneCompletedRunAfterAKillDuringLoad() throws Exception {
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // delivery id -> event id of the 202
        Map<String, String> unanswered = new ConcurrentHashMap<>();   // sent, no 2xx (killed, refused)
        AtomicBoolean stopping = new AtomicBoolean();
        AtomicInteger unexpected = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                for (int i = 0; !stopping.get(); i++) {
                    String delivery = "crash-" + client + "-" + i;
                    String body = "{\"n\": " + i + ", \"client\": " + client + ", \"pad\": \"" + "x".repeat(300) + "\"}";
                    try {
                        HttpResponse<String> r = post(body, sign(secret, body), delivery);
                        if (r.statusCode() == 202) {
                            acknowledged.put(delivery, JSON.readTree(r.body()).path("eventId").asText());
                        } else {
                            unanswered.put(delivery, String.valueOf(r.statusCode()));
                            if (r.statusCode() != 503) {
                                unexpected.incrementAndGet();
                            }
                        }
                    } catch (Exception noAnswer) {
                        unanswered.put(delivery, noAnswer.getClass().getSimpleName());
                        sleepQuietly(); // the server is gone: do not spin
                    }
                }
            }, "hook-client-" + c);
            t.start();
            clients.add(t);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (acknowledged.size() < 200 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        int beforeKill = acknowledged.size();
        devrig.killJvm();
        stopping.set(true);
        for (Thread t : clients) {
            t.join(15_000);
        }
        System.out.printf("webhook crash test: %d acknowledged (%d before the kill was sent), %d without a 2xx%n",
                acknowledged.size(), beforeKill, unanswered.size());
        assertThat(unexpected.get()).as("answers other than 202 or 503 under load").isZero();
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(beforeKill);

        devrig.start();
        devrig.awaitReady(Duration.ofSeconds(180));
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        // fires accepted before the kill start their runs after the restart: wait for those too
        while (count("SELECT (SELECT count(*) FROM workflow_runs WHERE workflow_id = 'push' AND status IN ('pending','running'))"
                + " + (SELECT count(*) FROM trigger_events WHERE workflow_id = 'push' AND processed = 0)") > 0
                && System.nanoTime() < until) {
            Thread.sleep(250);
        }
        // the deduplication survived the crash: an acknowledged delivery sent again starts nothing
        String again = acknowledged.keySet().iterator().next();
        HttpResponse<String> resent = post("{\"resent\": true}", sign(secret, "{\"resent\": true}"), again);
        assertThat(resent.statusCode()).as(resent.body()).isEqualTo(200);
        assertThat(JSON.readTree(resent.body()).path("eventId").asText()).isEqualTo(acknowledged.get(again));
        devrig.stop(Duration.ofSeconds(90));

        try (Connection c = open(false); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            try (PreparedStatement events = c.prepareStatement(
                    "SELECT e.id, e.outcome, (SELECT count(*) FROM workflow_runs r WHERE r.trigger_event_id = e.id),"
                            + " (SELECT count(*) FROM workflow_runs r WHERE r.trigger_event_id = e.id AND r.status = 'completed')"
                            + " FROM trigger_events e WHERE e.workflow_id = 'push' AND e.dedup_key = ?")) {
                for (Map.Entry<String, String> a : acknowledged.entrySet()) {
                    events.setString(1, "x-github-delivery:" + a.getKey());
                    List<String> rows = new ArrayList<>();
                    try (ResultSet rs = events.executeQuery()) {
                        while (rs.next()) {
                            rows.add(rs.getString(1) + " " + rs.getString(2) + " runs=" + rs.getInt(3) + " completed="
                                    + rs.getInt(4));
                        }
                    }
                    // the resent delivery adds its duplicate row to the started one
                    List<String> started = rows.stream().filter(r -> r.contains(" started ")).toList();
                    assertThat(started).as("acknowledged delivery " + a.getKey())
                            .containsExactly(a.getValue() + " started runs=1 completed=1");
                }
                for (String delivery : unanswered.keySet()) {
                    events.setString(1, "x-github-delivery:" + delivery);
                    int startedRows = 0;
                    try (ResultSet rs = events.executeQuery()) {
                        while (rs.next()) {
                            startedRows += rs.getString(2).equals("started") ? 1 : 0;
                            assertThat(rs.getInt(3)).as("runs of unanswered delivery " + delivery).isLessThanOrEqualTo(1);
                        }
                    }
                    assertThat(startedRows).as("events of unanswered delivery " + delivery).isLessThanOrEqualTo(1);
                }
            }
            // nothing half-written: every started event has its run, every run its event, all runs ended
            assertThat(count(s, "SELECT count(*) FROM trigger_events e WHERE e.workflow_id = 'push' AND e.outcome = 'started'"
                    + " AND (SELECT count(*) FROM workflow_runs r WHERE r.trigger_event_id = e.id) <> 1")).isZero();
            assertThat(count(s, "SELECT count(*) FROM workflow_runs r WHERE r.workflow_id = 'push' AND NOT EXISTS"
                    + " (SELECT 1 FROM trigger_events e WHERE e.id = r.trigger_event_id AND e.outcome = 'started')")).isZero();
            assertThat(count(s, "SELECT count(*) FROM workflow_runs WHERE workflow_id = 'push' AND status <> 'completed'"))
                    .isZero();
            assertThat(count(s, "SELECT count(*) FROM (SELECT dedup_key FROM trigger_events WHERE workflow_id = 'push'"
                    + " AND outcome = 'started' GROUP BY dedup_key HAVING count(*) > 1)")).isZero();
            int runs = count(s, "SELECT count(*) FROM workflow_runs WHERE workflow_id = 'push'");
            System.out.printf("webhook crash test: %d runs after the restart, all completed%n", runs);
            // each run: its delivery was acknowledged, or it was sent and its answer lost in the kill
            assertThat(runs).isBetween(acknowledged.size() + 1, acknowledged.size() + 1 + unanswered.size());
        }
        // left stopped: @AfterAll reads the log files only
    }

    private HttpResponse<String> post(String body, String signature, String delivery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devrig.httpPort + HOOK_PATH))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-GitHub-Event", "push")
                .header("X-GitHub-Delivery", delivery)
                .header("X-Hub-Signature-256", "sha256=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** GitHub's scheme: hex HMAC-SHA256 of the raw body with the secret's UTF-8 bytes. */
    static String sign(String key, String body) {
        return HexFormat.of().formatHex(
                JettyFloor.hmac(key.getBytes(StandardCharsets.UTF_8), body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Connection open(boolean readOnly) throws Exception {
        Properties p = new Properties();
        if (readOnly) {
            p.setProperty("open_mode", "1");
        }
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + devrig.home.resolve("data/devrig.db"), p);
    }

    private int count(String sql) throws Exception {
        try (Connection c = open(true); Statement s = c.createStatement()) {
            return count(s, sql);
        }
    }

    private static int count(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
