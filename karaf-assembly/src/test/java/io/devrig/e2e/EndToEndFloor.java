package io.devrig.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.PlainWriter;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;

/**
 * The end-to-end benchmark's floor: the rows DevRig keeps for one delivery of the benchmark's
 * workflow (webhook, two {@code data.transform} nodes, {@code notify.inbox}), written by hand in
 * DevRig's own schema (its migrations, indexes and full-text triggers) with as few writes as a
 * durable design allows, so that the ratio shows what DevRig's engine, queue and journal cost
 * on top of the rows themselves.
 *
 * <p>One writer thread. Each transaction takes up to {@value JettyFloor#GROUP} waiting requests
 * and inserts their {@code trigger_events} rows ({@code accepted}, after the same deduplication
 * look-up as DevRig's), and executes up to as many events accepted by earlier commits: the nodes
 * computed in Java, then the run's final row, its three {@code node_runs} rows with their inputs
 * and outputs, the inbox item (upsert by external id) and the event marked processed. A 202 is
 * sent after the commit that holds its event; a run commits with its event's processed mark, so
 * an event is executed once even across a crash (unprocessed events would be executed again; the
 * floor does not restart, it only has to write what a restart would need).
 *
 * <p>What DevRig writes beyond this, by design: a job per run (the durable queue: leases,
 * attempts, dead letters), the run's and its nodes' intermediate states (the journal a crashed
 * run resumes from), and a log line.
 */
final class EndToEndFloor {

    static final String WORKFLOW = "e2e";
    static final String TRIGGER = "floor-trigger";
    private static final String TITLE = "Push to %s by %s";
    private static final Duration DEDUPLICATION_WINDOW = Duration.ofSeconds(600);

    private final PlainWriter db;
    private final UlidGenerator ids = new UlidGenerator();
    private final ArrayDeque<Accepted> accepted = new ArrayDeque<>();
    /**
     * {@code -Dfloor.commitPerStep=true}: each run commits four times, as DevRig's run does
     * (its start, the steps before the inbox node, the item, the end), instead of sharing the
     * group's commit: what the transaction shape alone costs.
     */
    private final boolean commitPerStep = Boolean.getBoolean("floor.commitPerStep");

    /** An event committed and not executed yet. */
    private record Accepted(String eventId, String runId, String payloadJson, JsonNode body, Instant receivedAt) {
    }

    private EndToEndFloor(PlainWriter db) {
        this.db = db;
    }

    /** Creates {@code database} with DevRig's schema and the workflow and trigger rows the runs refer to. */
    static EndToEndFloor open(Path database) throws Exception {
        if (!database.getFileName().toString().equals("devrig.db")) {
            throw new IllegalArgumentException("the floor's database is <folder>/devrig.db");
        }
        try (SqliteDatabase created = TestDatabases.open(database.getParent(), DevRigClock.system())) {
            created.schemaVersion();
        }
        PlainWriter db = PlainWriter.open(database);
        try (PreparedStatement w = db.connection().prepareStatement(
                "INSERT OR IGNORE INTO workflows (id, name) VALUES (?, 'end-to-end floor')");
                PreparedStatement t = db.connection().prepareStatement("INSERT OR IGNORE INTO triggers "
                        + "(id, workflow_id, type, config, workflow_version) VALUES (?, ?, 'webhook', '{}', 1)")) {
            w.setString(1, WORKFLOW);
            w.executeUpdate();
            t.setString(1, TRIGGER);
            t.setString(2, WORKFLOW);
            t.executeUpdate();
        }
        db.commit();
        return new EndToEndFloor(db);
    }

    /** The writer thread's loop: until interrupted. */
    void write(BlockingQueue<JettyFloor.Pending> queue) {
        List<JettyFloor.Pending> group = new ArrayList<>(JettyFloor.GROUP);
        List<String> answers = new ArrayList<>(JettyFloor.GROUP);
        List<Accepted> fresh = new ArrayList<>(JettyFloor.GROUP);
        Connection c = db.connection();
        try (PreparedStatement duplicate = c.prepareStatement("SELECT 1 FROM trigger_events WHERE trigger_id = ? "
                + "AND dedup_key = ? AND fired_at >= ? LIMIT 1");
                PreparedStatement event = c.prepareStatement("INSERT INTO trigger_events (id, trigger_id, workflow_id, "
                        + "dedup_key, payload, fired_at, processed, outcome, run_id) VALUES (?, ?, ?, ?, ?, ?, 0, 'accepted', ?)");
                PreparedStatement run = c.prepareStatement("INSERT INTO workflow_runs (id, workflow_id, workflow_version, "
                        + "trigger_event_id, status, context, input, correlation_id, created_at, started_at, completed_at, "
                        + "duration_ms) VALUES (?, ?, 1, ?, 'completed', ?, ?, ?, ?, ?, ?, ?)");
                PreparedStatement node = c.prepareStatement("INSERT INTO node_runs (id, run_id, node_id, action_type, "
                        + "status, input, output, attempt, started_at, completed_at, duration_ms) "
                        + "VALUES (?, ?, ?, ?, 'completed', ?, ?, 1, ?, ?, 0)");
                PreparedStatement item = c.prepareStatement(
                        "INSERT INTO inbox_items(id, plugin_id, external_id, type, title, body, preview, source_url, priority,"
                        + " status, metadata, is_actionable, external_created_at, content_hash, synced_at, created_at,"
                        + " updated_at) VALUES (?, 'io.devrig.action.notify', ?, 'push', ?, ?, ?, NULL, 'normal', 'unread',"
                        + " '{}', 0, NULL, ?, ?, ?, ?) ON CONFLICT(plugin_id, external_id) DO UPDATE SET title = excluded.title,"
                        + " body = excluded.body, preview = excluded.preview, content_hash = excluded.content_hash,"
                        + " updated_at = excluded.updated_at WHERE inbox_items.content_hash IS NOT excluded.content_hash");
                PreparedStatement processed = c.prepareStatement(
                        "UPDATE trigger_events SET processed = 1, outcome = 'started' WHERE id = ?")) {
            while (true) {
                JettyFloor.Pending first = accepted.isEmpty() ? queue.take() : queue.poll();
                if (first != null) {
                    group.add(first);
                    queue.drainTo(group, JettyFloor.GROUP - 1);
                }
                try {
                    for (JettyFloor.Pending p : group) {
                        answers.add(accept(p, duplicate, event, fresh));
                    }
                    int executed = Math.min(JettyFloor.GROUP, accepted.size());
                    java.util.Iterator<Accepted> next = accepted.iterator();
                    for (int n = 0; n < executed; n++) {
                        execute(next.next(), run, node, item, processed);
                    }
                    db.commit();
                    for (int n = 0; n < executed; n++) {
                        accepted.poll(); // executed for good only now
                    }
                    accepted.addAll(fresh);
                    for (int i = 0; i < group.size(); i++) {
                        group.get(i).committed().complete(answers.get(i));
                    }
                } catch (Exception e) {
                    try {
                        c.rollback();
                    } catch (SQLException ignored) {
                        // the callers get the failure either way
                    }
                    group.forEach(p -> p.committed().completeExceptionally(e));
                    System.out.println("floor transaction failed: " + e);
                }
                group.clear();
                answers.clear();
                fresh.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            System.out.println("floor writer stopped: " + e);
        }
    }

    /** The event row of a request, or nothing for a duplicate delivery; the 202's JSON. */
    private String accept(JettyFloor.Pending p, PreparedStatement duplicate, PreparedStatement event,
            List<Accepted> fresh) throws Exception {
        String key = "github-delivery:" + p.deliveryId();
        duplicate.setString(1, TRIGGER);
        duplicate.setString(2, key);
        duplicate.setString(3, p.receivedAt().minus(DEDUPLICATION_WINDOW).toString());
        try (ResultSet rs = duplicate.executeQuery()) {
            if (rs.next()) {
                return "{\"duplicate\":true}";
            }
        }
        JsonNode body = JettyFloor.JSON.readTree(p.body());
        // DevRig's normalised shape of a delivery (io.devrig.trigger.webhook README, "The payload")
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("method", "POST");
        payload.put("path", "/hooks/bench/e2e");
        payload.put("headers", Map.of("content-type", "application/json", "x-github-delivery", p.deliveryId(),
                "x-github-event", "push", "user-agent", "Java-http-client"));
        payload.put("query", Map.of());
        payload.put("body", body);
        payload.put("receivedAt", p.receivedAt().toString());
        payload.put("deliveryId", p.deliveryId());
        payload.put("signature", "github");
        String payloadJson = JettyFloor.JSON.writeValueAsString(payload);
        String runId = ids.nextString();
        event.setString(1, p.eventId());
        event.setString(2, TRIGGER);
        event.setString(3, WORKFLOW);
        event.setString(4, key);
        event.setString(5, payloadJson);
        event.setString(6, p.receivedAt().toString());
        event.setString(7, runId);
        event.executeUpdate();
        fresh.add(new Accepted(p.eventId(), runId, payloadJson, body, p.receivedAt()));
        return "{\"eventId\":\"" + p.eventId() + "\",\"runId\":\"" + runId + "\"}";
    }

    /** The workflow's three nodes, and every row of the finished run, in the writer's transaction. */
    private void execute(Accepted a, PreparedStatement run, PreparedStatement node, PreparedStatement item,
            PreparedStatement processed) throws Exception {
        String started = Instant.now().toString();
        Map<String, Object> mapping = new LinkedHashMap<>();
        mapping.put("ref", "$.ref");
        mapping.put("pusher", "$.pusher.name");
        mapping.put("repo", "$.repository.full_name");
        Map<String, Object> picked = new LinkedHashMap<>();
        picked.put("ref", a.body().path("ref").asText());
        picked.put("pusher", a.body().path("pusher").path("name").asText());
        picked.put("repo", a.body().path("repository").path("full_name").asText());
        String title = String.format(TITLE, picked.get("repo"), picked.get("pusher"));
        String itemBody = "ref " + picked.get("ref");
        String externalId = a.runId() + ":inbox";
        String itemId = ids.nextString();
        String completed = Instant.now().toString();

        run.setString(1, a.runId());
        run.setString(2, WORKFLOW);
        run.setString(3, a.eventId());
        run.setString(4, "{\"trigger\":{\"type\":\"webhook\",\"triggerId\":\"" + TRIGGER + "\",\"eventId\":\""
                + a.eventId() + "\",\"payloadIsInput\":true}}");
        run.setString(5, a.payloadJson());
        run.setString(6, ids.nextString());
        run.setString(7, a.receivedAt().toString());
        run.setString(8, started);
        run.setString(9, completed);
        run.setLong(10, Duration.between(a.receivedAt(), Instant.parse(completed)).toMillis());
        run.executeUpdate();
        step();

        node(node, a.runId(), "pick", "data.transform", Map.of("source", a.body(), "mapping", mapping),
                Map.of("result", picked), started, completed);
        node(node, a.runId(), "title", "data.transform",
                Map.of("source", picked, "template", "Push to {{repo}} by {{pusher}}"), Map.of("result", title), started,
                completed);
        step();
        node(node, a.runId(), "inbox", "notify.inbox", Map.of("title", title, "body", itemBody, "type", "push"),
                Map.of("itemId", itemId, "externalId", externalId, "created", true), started, completed);

        item.setString(1, itemId);
        item.setString(2, externalId);
        item.setString(3, title);
        item.setString(4, itemBody);
        item.setString(5, itemBody);
        item.setString(6, sha256(title + "\n" + itemBody));
        item.setString(7, completed);
        item.setString(8, completed);
        item.setString(9, completed);
        item.executeUpdate();
        step();

        processed.setString(1, a.eventId());
        processed.executeUpdate();
    }

    private void step() throws SQLException {
        if (commitPerStep) {
            db.commit();
        }
    }

    private void node(PreparedStatement node, String runId, String nodeId, String actionType, Object input,
            Object output, String started, String completed) throws Exception {
        node.setString(1, ids.nextString());
        node.setString(2, runId);
        node.setString(3, nodeId);
        node.setString(4, actionType);
        node.setString(5, JettyFloor.JSON.writeValueAsString(input));
        node.setString(6, JettyFloor.JSON.writeValueAsString(output));
        node.setString(7, started);
        node.setString(8, completed);
        node.executeUpdate();
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
