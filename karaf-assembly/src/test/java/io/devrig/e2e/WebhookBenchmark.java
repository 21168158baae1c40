package io.devrig.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook benchmarks of issue 12, against the built distribution (not in the normal build:
 * {@code mvn -o -Pbench verify -pl karaf-assembly}, README "Webhook benchmarks").
 *
 * <ul>
 *   <li>Ingest: GitHub-signed JSON of about 500 bytes from {@code bench.connections} (32)
 *   connections to DevRig's {@code /hooks/...}, and in the same run, alternating rounds, to
 *   {@link JettyFloor} (a bare Jetty 9.4 handler with the same HMAC and a group-committed
 *   SQLite insert) in its own JVM; requests/s, p50/p99, the ratio, and every 2xx found as a
 *   row afterwards.</li>
 *   <li>End to end: webhook, then a 3-node workflow whose last node is {@code notify.inbox}:
 *   durable executions completed per second (saturated), against {@link EndToEndFloor} (the same
 *   rows in DevRig's schema, written by hand with group commit) in alternating rounds, and the
 *   latency from the request to the inbox item, saturated and at half that rate.</li>
 * </ul>
 *
 * Benchmarks measure; they assert only correctness (no acknowledged event lost), never time.
 */
class WebhookBenchmark {

    static final int SECONDS = Integer.getInteger("bench.seconds", 20);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
    static final int CONNECTIONS = Integer.getInteger("bench.connections", 32);
    static final int WARMUP_SECONDS = Integer.getInteger("bench.warmup", 5);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    final String secret = HexFormat.of().formatHex(random(24));

    @Test
    void webhookIngestAgainstABareJettyFloor() throws Exception {
        Distribution devrig = startWithHook("ingest", """
                "nodes": [{"id": "pick", "type": "action", "actionType": "data.transform",
                           "config": {"source": {"$ref": "trigger.payload.body"}, "mapping": {"ref": "$.ref"}},
                           "position": {"x": 0, "y": 0}}]""");
        Process floor = null;
        Path floorDb = work.resolve("floor.db");
        try {
            int floorPort = Distribution.freePort();
            floor = startFloor(floorPort, floorDb, "");

            HookLoad toDevrig = new HookLoad(URI.create("http://127.0.0.1:" + devrig.httpPort + "/hooks/bench/ingest"), secret);
            HookLoad toFloor = new HookLoad(URI.create("http://127.0.0.1:" + floorPort + "/hooks/bench/ingest"), secret);
            header("webhook ingest", devrig);
            System.out.println(toFloor.run("floor", "warm-f", CONNECTIONS, Duration.ofSeconds(WARMUP_SECONDS), 0).line()
                    + "  (warm-up)");
            System.out.println(toDevrig.run("DevRig", "warm-d", CONNECTIONS, Duration.ofSeconds(WARMUP_SECONDS), 0).line()
                    + "  (warm-up)");
            drain(devrig, "ingest");

            List<HookLoad.Result> floorRounds = new ArrayList<>();
            List<HookLoad.Result> devrigRounds = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (int k = 0; k < 2; k++) {
                    boolean floorTurn = (round + k) % 2 == 0; // floor first in even rounds, DevRig first in odd
                    if (floorTurn) {
                        HookLoad.Result r = toFloor.run("floor", "f" + round, CONNECTIONS, Duration.ofSeconds(SECONDS), 0);
                        floorRounds.add(r);
                        System.out.println("round " + (round + 1) + "  " + r.line());
                    } else {
                        Thread dump = threadDumpLater(devrig, "ingest-round" + (round + 1), SECONDS / 2);
                        HookLoad.Result r = toDevrig.run("DevRig", "d" + round, CONNECTIONS, Duration.ofSeconds(SECONDS), 0);
                        dump.join();
                        devrigRounds.add(r);
                        System.out.println("round " + (round + 1) + "  " + r.line());
                        System.out.println("         runs drained in " + drain(devrig, "ingest") + " s after the round");
                    }
                }
            }
            double floorRate = rate(floorRounds);
            double devrigRate = rate(devrigRounds);
            System.out.printf("floor   %8.0f requests/s  p50 %6.1f ms  p99 %6.1f ms%n", floorRate, p(floorRounds, 50), p(floorRounds, 99));
            System.out.printf("DevRig  %8.0f requests/s  p50 %6.1f ms  p99 %6.1f ms%n", devrigRate, p(devrigRounds, 50), p(devrigRounds, 99));
            System.out.printf("ratio DevRig / floor: %.2fx  (goal >= 0.6x)%n", devrigRate / floorRate);
            List<Double> paired = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                paired.add(devrigRounds.get(i).perSecond() / floorRounds.get(i).perSecond());
            }
            System.out.println("rounds' own ratios: " + paired.stream().map(x -> String.format("%.2fx", x)).toList());
            System.out.println(devrig.admin("devrig:queue-stats"));

            floor.destroy();
            floor.waitFor(30, TimeUnit.SECONDS);
            devrig.stop(Duration.ofSeconds(90));
            Set<String> floorRows = strings(floorDb, "SELECT delivery_id FROM events");
            Set<String> devrigRows = strings(devrig.home.resolve("data/devrig.db"),
                    "SELECT substr(dedup_key, 19) FROM trigger_events WHERE outcome IN ('started', 'accepted')");
            long floorLost = lost(floorRounds, floorRows);
            long devrigLost = lost(devrigRounds, devrigRows);
            System.out.printf("rows afterwards: floor %d rows, %d acknowledged events lost; DevRig %d events, %d acknowledged events lost%n",
                    floorRows.size(), floorLost, devrigRows.size(), devrigLost);
            assertThat(floorLost).isZero();
            assertThat(devrigLost).isZero();
        } finally {
            if (floor != null) {
                floor.destroyForcibly();
            }
            devrig.stopAndKill("bench-ingest");
        }
    }

    @Test
    void webhookToInboxEndToEnd() throws Exception {
        Distribution devrig = startWithHook("e2e", """
                "nodes": [
                  {"id": "pick", "type": "action", "actionType": "data.transform",
                   "config": {"source": {"$ref": "trigger.payload.body"},
                              "mapping": {"ref": "$.ref", "pusher": "$.pusher.name", "repo": "$.repository.full_name"}},
                   "position": {"x": 0, "y": 0}},
                  {"id": "title", "type": "action", "actionType": "data.transform",
                   "config": {"source": {"$ref": "nodes.pick.output.result"}, "template": "Push to \\\\{{repo}} by \\\\{{pusher}}"},
                   "position": {"x": 200, "y": 0}},
                  {"id": "inbox", "type": "action", "actionType": "notify.inbox",
                   "config": {"title": {"$ref": "nodes.title.output.result"}, "body": "ref {{nodes.pick.output.result.ref}}",
                              "type": "push"},
                   "position": {"x": 400, "y": 0}}],
                "edges": [{"id": "e1", "source": "pick", "target": "title"}, {"id": "e2", "source": "title", "target": "inbox"}]""");
        Process floor = null;
        Path floorDb = Files.createDirectories(work.resolve("floor-e2e")).resolve("devrig.db");
        Path devrigDb = devrig.home.resolve("data/devrig.db");
        try {
            int floorPort = Distribution.freePort();
            floor = startFloor(floorPort, floorDb, "e2e");
            HookLoad load = new HookLoad(URI.create("http://127.0.0.1:" + devrig.httpPort + "/hooks/bench/e2e"), secret);
            HookLoad toFloor = new HookLoad(URI.create("http://127.0.0.1:" + floorPort + "/hooks/bench/e2e"), secret);
            header("end to end: webhook -> 3-node workflow -> inbox item", devrig);
            toFloor.run("floor", "warm-f", CONNECTIONS, Duration.ofSeconds(WARMUP_SECONDS), 0);
            drainFloor(floorDb);
            load.run("warm-up", "warm", CONNECTIONS, Duration.ofSeconds(WARMUP_SECONDS), 0);
            drain(devrig, "e2e");

            // saturated, closed loop, alternating rounds: completed executions/s from the first
            // request to the last inbox item (the backlog worked off after the requests stop included)
            List<Double> floorRates = new ArrayList<>();
            List<Double> devrigRates = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                for (int k = 0; k < 2; k++) {
                    boolean floorTurn = (round + k) % 2 == 0; // floor first in even rounds, DevRig first in odd
                    String name = "round " + (round + 1) + " ";
                    if (floorTurn) {
                        HookLoad.Result r = toFloor.run("floor", "fs" + round, CONNECTIONS, Duration.ofSeconds(SECONDS), 0);
                        System.out.println(name + "floor  ingest while saturated: " + r.line());
                        double drained = drainFloor(floorDb);
                        floorRates.add(report(floorDb, name + "floor, saturated", r));
                        System.out.printf("  runs drained %.1f s after the load ended%n", drained);
                    } else {
                        Thread dump = round == 0 ? threadDumpLater(devrig, "e2e-saturated", SECONDS / 2) : null;
                        HookLoad.Result r = load.run("DevRig", "s" + round, CONNECTIONS, Duration.ofSeconds(SECONDS), 0);
                        if (dump != null) {
                            dump.join();
                        }
                        System.out.println(name + "DevRig ingest while saturated: " + r.line());
                        System.out.println(devrig.admin("devrig:queue-stats"));
                        double drained = drain(devrig, "e2e");
                        devrigRates.add(report(devrigDb, name + "DevRig, saturated (" + CONNECTIONS
                                + " connections, closed loop)", r));
                        System.out.printf("  runs drained %.1f s after the load ended%n", drained);
                    }
                }
            }
            double floorRate = floorRates.stream().mapToDouble(Double::doubleValue).average().orElse(0);
            double completedPerSecond = devrigRates.stream().mapToDouble(Double::doubleValue).average().orElse(0);

            double pace = Math.max(10, completedPerSecond / 2);
            HookLoad.Result paced = load.run("DevRig", "p", CONNECTIONS, Duration.ofSeconds(SECONDS), pace);
            drain(devrig, "e2e");
            report(devrigDb, String.format("DevRig, paced at %.0f/s (half the saturated rate)", pace), paced);
            System.out.printf("floor   %8.0f completed executions/s (rounds %s)%n", floorRate, rates(floorRates));
            System.out.printf("DevRig  %8.0f completed executions/s (rounds %s)%n", completedPerSecond, rates(devrigRates));
            List<String> paired = new ArrayList<>();
            for (int i = 0; i < ROUNDS; i++) {
                paired.add(String.format("%.2fx", devrigRates.get(i) / floorRates.get(i)));
            }
            System.out.printf("ratio DevRig / floor: %.2fx (rounds' own ratios %s)%n", completedPerSecond / floorRate, paired);
            System.out.printf("completed durable executions: %.0f/s, goal 1,000/s: %.2fx%n", completedPerSecond,
                    completedPerSecond / 1000);
            footprint("DevRig", devrigDb);
            footprint("floor", floorDb);
        } finally {
            if (floor != null) {
                floor.destroyForcibly();
            }
            devrig.stopAndKill("bench-e2e");
        }
    }

    /** The floor ({@link JettyFloor}) in its own JVM, listening on {@code port}; {@code mode} "" or "e2e". */
    private Process startFloor(int port, Path database, String mode) throws Exception {
        Path secretFile = Distribution.secretFile(work, secret);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx512m", "-Dfloor.commitPerStep=" + Boolean.getBoolean("bench.floor.commitPerStep"),
                "-cp", System.getProperty("java.class.path"), JettyFloor.class.getName(), String.valueOf(port), database.toString(), secretFile.toString()));
        if (!mode.isEmpty()) {
            command.add(mode);
        }
        Process floor = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("floor" + (mode.isEmpty() ? "" : "-" + mode) + ".out").toFile()).start();
        try {
            awaitPort(port, floor);
        } finally {
            Files.delete(secretFile);
        }
        return floor;
    }

    private static String rates(List<Double> rates) {
        return rates.stream().map(r -> String.format("%.0f", r)).toList().toString();
    }

    /** Prints completed runs per second from the first request to the last inbox item, and latencies. */
    private double report(Path db, String what, HookLoad.Result load) throws Exception {
        Map<String, Long> sentByRun = new HashMap<>();
        for (HookLoad.Answer a : load.answers().values()) {
            sentByRun.put(JSON.readTree(a.body()).path("runId").asText(), a.sentAtMillis());
        }
        long first = load.answers().values().stream().mapToLong(HookLoad.Answer::sentAtMillis).min().orElse(0);
        long loadEnd = first + Math.round(load.seconds() * 1000);
        long last = 0;
        long afterwards = 0;
        List<Long> latencies = new ArrayList<>();
        int completed = 0;
        try (Connection c = readOnly(db); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT external_id, created_at FROM inbox_items "
                        + "WHERE plugin_id = 'io.devrig.action.notify'")) {
            while (rs.next()) {
                String runId = rs.getString(1).substring(0, rs.getString(1).lastIndexOf(':'));
                Long sent = sentByRun.get(runId);
                if (sent != null) {
                    long created = LocalDateTime.parse(rs.getString(2).replace("Z", "")).toInstant(ZoneOffset.UTC).toEpochMilli();
                    latencies.add(created - sent);
                    last = Math.max(last, created);
                    completed++;
                    afterwards += created > loadEnd ? 1 : 0;
                }
            }
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        double seconds = (last - first) / 1000.0;
        // the backlog worked off after the requests stopped: execution without ingest beside it
        if (last > loadEnd + 1000 && afterwards > 0) {
            System.out.printf("  after the requests stopped: %d items in %.1f s, %.0f completed executions/s%n", afterwards,
                    (last - loadEnd) / 1000.0, afterwards * 1000.0 / (last - loadEnd));
        }
        double perSecond = completed / seconds;
        System.out.printf("%s: %d of %d acknowledged deliveries have their inbox item; %.0f completed executions/s "
                        + "(%.1f s from the first request to the last item); request -> inbox item p50 %.0f ms, p99 %.0f ms%n",
                what, completed, load.acknowledged(), perSecond, seconds, HookLoad.percentile(sorted, 50),
                HookLoad.percentile(sorted, 99));
        assertThat(completed).as("every acknowledged delivery reached the inbox").isEqualTo((int) load.acknowledged());
        return perSecond;
    }

    private Distribution startWithHook(String name, String nodes) throws Exception {
        Path home = Files.createDirectories(work.resolve(name));
        Distribution devrig = Distribution.unpack(Path.of(System.getProperty("devrig.distribution")), home);
        // -Dbench.jfr=<folder>: a flight recording of DevRig's JVM per benchmark, written when it stops;
        // -Dbench.jfr.settings=<.jfc file> for other settings than JFR's "profile" (e.g. 1 ms sampling)
        String jfr = System.getProperty("bench.jfr");
        String settings = System.getProperty("bench.jfr.settings", "profile");
        devrig.startFirstTime(jfr == null ? Map.of() : Map.of("EXTRA_JAVA_OPTS", "-XX:StartFlightRecording=settings="
                + settings + ",dumponexit=true,filename=" + Path.of(jfr).toAbsolutePath().resolve(name + ".jfr")));
        String set = devrig.setSecret("bench/hook", secret, home);
        assertThat(set).contains("saved").doesNotContain(secret);
        Path flow = home.resolve("flow.json");
        Files.writeString(flow, """
                {"schemaVersion": 2, "id": "%s", "version": 1, "name": "Webhook benchmark",
                 "trigger": {"type": "webhook", "path": "bench/%s", "signature": "github", "secret": "bench/hook",
                             "rateLimit": {"requests": 1000000, "perSeconds": 1}},
                 %s,
                 "settings": {"maxConcurrentRuns": 1000, "executionMode": "sequential"}}
                """.formatted(name, name, nodes));
        String imported = devrig.admin("devrig:workflow-import --publish " + flow);
        assertThat(imported).contains("Published " + name);
        devrig.awaitAdmin("devrig:hooks", o -> o.contains("/hooks/bench/" + name), "the hook to be live");
        return devrig;
    }

    private static void header(String what, Distribution devrig) throws Exception {
        System.out.printf("%s, %s, %d connections, %d s x %d rounds, %d CPUs, load %s%n", what, Instant.now(), CONNECTIONS,
                SECONDS, ROUNDS, Runtime.getRuntime().availableProcessors(),
                Files.readString(Path.of("/proc/loadavg")).substring(0, 14));
    }

    /**
     * Waits until the workflow has no accepted fire waiting for its run and no pending or
     * running run (at most 180 s); the seconds waited.
     */
    private static double drain(Distribution devrig, String workflow) throws Exception {
        return awaitNone(devrig.home.resolve("data/devrig.db"), "SELECT (SELECT count(*) FROM workflow_runs WHERE "
                + "workflow_id = '" + workflow + "' AND status IN ('pending', 'running')) + (SELECT count(*) FROM "
                + "trigger_events WHERE processed = 0 AND workflow_id = '" + workflow + "')");
    }

    /** Waits until the end-to-end floor has executed every accepted event (at most 180 s); the seconds waited. */
    private static double drainFloor(Path db) throws Exception {
        return awaitNone(db, "SELECT count(*) FROM trigger_events WHERE processed = 0");
    }

    /** Polls {@code countSql} on {@code db} until it counts 0 (at most 180 s); the seconds waited. */
    private static double awaitNone(Path db, String countSql) throws Exception {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = readOnly(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(countSql)) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    break;
                }
            }
            Thread.sleep(200);
        }
        return Math.round((System.nanoTime() - start) / 1e8) / 10.0;
    }

    /**
     * A thread dump of the Karaf JVM after {@code seconds}, then a flight recording of the next
     * seconds, into target/e2e-logs/ for reading where the time goes.
     */
    private static Thread threadDumpLater(Distribution devrig, String name, int seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L);
                Path logs = Files.createDirectories(Path.of("target", "e2e-logs"));
                String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
                String pid = String.valueOf(devrig.javaProcess().pid());
                new ProcessBuilder(jcmd, pid, "Thread.print")
                        .redirectErrorStream(true).redirectOutput(logs.resolve("threads-" + name + ".txt").toFile())
                        .start().waitFor(30, TimeUnit.SECONDS);
                // and a flight recording of the next seconds of load (jfr print --events jdk.ExecutionSample ...)
                new ProcessBuilder(jcmd, pid, "JFR.start", "duration=" + Math.max(1, seconds - 2) + "s", "settings=profile",
                        "filename=" + logs.toAbsolutePath().resolve(name + ".jfr"))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start().waitFor(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.out.println("no thread dump: " + e);
            }
        }, "thread-dump");
        t.start();
        return t;
    }

    private static double rate(List<HookLoad.Result> rounds) {
        return rounds.stream().mapToLong(HookLoad.Result::acknowledged).sum()
                / rounds.stream().mapToDouble(HookLoad.Result::seconds).sum();
    }

    private static double p(List<HookLoad.Result> rounds, double percentile) {
        long[] all = rounds.stream().flatMapToLong(r -> java.util.Arrays.stream(r.latencies())).sorted().toArray();
        return HookLoad.percentile(all, percentile) / 1e6;
    }

    private static long lost(List<HookLoad.Result> rounds, Set<String> rows) {
        return rounds.stream().flatMap(r -> r.answers().keySet().stream()).filter(id -> !rows.contains(id)).count();
    }

    private static Set<String> strings(Path db, String sql) throws Exception {
        Set<String> values = new HashSet<>();
        try (Connection c = readOnly(db); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    /**
     * What the runs left in the store, per table and index: pages (4 KiB) per 1,000 runs, from
     * SQLite's {@code dbstat}. Where a run's writes go, to find what need not be written.
     */
    private static void footprint(String whose, Path db) throws Exception {
        try (Connection c = readOnly(db); Statement s = c.createStatement()) {
            long runs;
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM workflow_runs")) {
                runs = rs.next() ? rs.getLong(1) : 0;
            }
            if (runs == 0) {
                return;
            }
            System.out.printf("%s: store footprint of %d runs, pages per 1,000 runs (dbstat):%n", whose, runs);
            try (ResultSet rs = s.executeQuery("SELECT name, count(*) AS pages FROM dbstat GROUP BY name "
                    + "ORDER BY pages DESC LIMIT 20")) {
                while (rs.next()) {
                    System.out.printf("  %-40s %8.1f%n", rs.getString(1), rs.getLong(2) * 1000.0 / runs);
                }
            }
        } catch (java.sql.SQLException e) {
            System.out.println("store footprint not measured: " + e.getMessage()); // dbstat not compiled in
        }
    }

    private static Connection readOnly(Path db) throws Exception {
        Properties p = new Properties();
        p.setProperty("open_mode", "1");
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, p);
    }

    private static void awaitPort(int port, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the floor exited with " + process.exitValue());
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the floor did not listen within 30 s");
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}
