package io.devrig.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows in the real distribution: imported, published, run, inspected, dry-run and
 * cancelled through the Karaf shell; then the crash test: a batch of runs whose server is
 * killed with SIGKILL at random moments and restarted, after which every run has ended,
 * none is lost, the database is intact and no side effect ran more often than
 * at-least-once allows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowIT {

    static final int CRASH_RUNS = 200;
    static final int KILLS = 3;
    static final int RECORDS_PER_RUN = 3;

    @TempDir
    static Path work;

    Distribution devrig;

    @BeforeAll
    void start() throws Exception {
        devrig = Distribution.unpack(Path.of(System.getProperty("devrig.distribution")), work);
        // short leases: a killed server's runs are taken over soon after the restart
        Files.writeString(devrig.home.resolve("etc/io.devrig.queue.cfg"),
                "leaseMs = 3000\nrescueIntervalMs = 500\nminWorkers = 4\nmaxWorkers = 8\npollIntervalMs = 100\n");
        Path plugins = Path.of(System.getProperty("devrig.testPlugins", "target/test-plugins"));
        Files.copy(plugins.resolve("io.devrig.itest.action.record.jar"), devrig.home.resolve("deploy/record.jar"),
                StandardCopyOption.REPLACE_EXISTING);
        devrig.startFirstTime();
    }

    @AfterAll
    void stop() throws Exception {
        if (devrig != null) {
            devrig.stopAndKill("FlowIT");
        }
    }



    static final String TRIAGE = """
            {"schemaVersion": 1, "id": "triage", "version": 1, "name": "Triage open issues",
             "trigger": {"type": "manual", "inputSchema": {"type": "object", "required": ["issues"]}},
             "nodes": [
              {"id": "open", "type": "action", "actionType": "data.filter",
               "config": {"items": {"$ref": "input.issues"},
                          "condition": {"type": "compare", "left": {"type": "context", "path": "item.state"},
                                        "operator": "eq", "right": {"type": "literal", "value": "open"}}},
               "position": {"x": 0, "y": 0}},
              {"id": "stats", "type": "action", "actionType": "data.aggregate",
               "config": {"items": {"$ref": "nodes.open.output.items"}, "groupBy": "repo",
                          "operations": [{"op": "count", "as": "n"}, {"op": "sum", "field": "votes", "as": "votes"}]},
               "position": {"x": 200, "y": 0}},
              {"id": "titles", "type": "action", "actionType": "data.transform",
               "config": {"source": {"$ref": "nodes.open.output"}, "jsonPath": "$.items[*].title"},
               "position": {"x": 200, "y": 100}},
              {"id": "notify", "type": "action", "actionType": "test.record", "config": {},
               "position": {"x": 400, "y": 0}},
              {"id": "join", "type": "junction", "config": {}, "position": {"x": 600, "y": 50}}
             ],
             "edges": [
              {"id": "e1", "source": "open", "target": "stats"},
              {"id": "e2", "source": "open", "target": "titles"},
              {"id": "e3", "source": "stats", "target": "notify"},
              {"id": "e4", "source": "notify", "target": "join"},
              {"id": "e5", "source": "titles", "target": "join"}
             ],
             "settings": {"maxConcurrentRuns": 5, "timeoutMs": 60000,
               "retryPolicy": {"maxAttempts": 2, "initialDelayMs": 100, "backoffMultiplier": 2, "maxDelayMs": 1000},
               "errorHandling": "stop", "executionMode": "parallel"}}
            """;

    static final String ISSUES = "'{\"issues\":[{\"title\":\"Crash\",\"state\":\"open\",\"repo\":\"core\",\"votes\":3},"
            + "{\"title\":\"Typo\",\"state\":\"closed\",\"repo\":\"docs\",\"votes\":1},"
            + "{\"title\":\"Slow\",\"state\":\"open\",\"repo\":\"core\",\"votes\":5}]}'";

    @Test
    @Order(1)
    void aWorkflowIsImportedPublishedRunInspectedAndDryRunFromTheShell() throws Exception {
        Path file = work.resolve("triage.json");
        Files.writeString(file, TRIAGE);
        assertThat(devrig.admin("devrig:workflow-validate " + file)).contains("valid").doesNotContain("Error");
        String imported = devrig.admin("devrig:workflow-import --publish " + file);
        assertThat(imported).contains("Created workflow triage", "Published triage as version 1");
        assertThat(devrig.admin("devrig:workflows")).contains("triage", "Triage open issues", "same as v1");

        String run = devrig.admin("devrig:run --wait triage " + ISSUES);
        assertThat(run).contains("Status:", "completed");
        String runId = run.lines().filter(l -> l.startsWith("Run:")).findFirst().orElseThrow().split("\\s+")[1];
        String show = devrig.admin("devrig:run-show " + runId);
        assertThat(show).contains("open", "data.filter", "stats", "data.aggregate", "titles", "data.transform",
                "notify", "test.record", "join", "junction", "completed").doesNotContain("run completed");
        assertThat(Files.readString(devrig.home.resolve("data/itest-side-effects.log")))
                .contains(runId + ":notify 1");

        // a dry-run previews the side effect instead of performing it
        long linesBefore = Files.readAllLines(devrig.home.resolve("data/itest-side-effects.log")).size();
        String dry = devrig.admin("devrig:dry-run triage " + ISSUES);
        assertThat(dry).contains("completed", "previewed", "notify");
        assertThat(Files.readAllLines(devrig.home.resolve("data/itest-side-effects.log"))).hasSize((int) linesBefore);

        // bad input and bad files: one clear line, nothing started or saved
        assertThat(devrig.admin("devrig:run triage '{\"no\":1}'")).contains("issues").contains("Error:")
                .doesNotContain("Exception");
        Path broken = work.resolve("broken.json");
        Files.writeString(broken, TRIAGE.replace("\"source\": \"open\", \"target\": \"stats\"",
                "\"source\": \"open\", \"target\": \"nowhere\""));
        assertThat(devrig.admin("devrig:workflow-import " + broken)).contains("nowhere", "Error:", "nothing saved");
        assertThat(devrig.admin("devrig:runs --workflow triage")).contains(runId).contains("completed");
    }

    @Test
    @Order(2)
    void aRunningRunIsCancelledFromTheShell() throws Exception {
        Path file = work.resolve("slow.json");
        Files.writeString(file, """
                {"schemaVersion": 1, "id": "slow", "version": 1, "name": "Slow",
                 "nodes": [{"id": "wait", "type": "action", "actionType": "flow.delay", "config": {"ms": 60000},
                            "position": {"x": 0, "y": 0}},
                           {"id": "after", "type": "action", "actionType": "test.record", "config": {},
                            "position": {"x": 0, "y": 0}}],
                 "edges": [{"id": "e", "source": "wait", "target": "after"}]}
                """);
        devrig.admin("devrig:workflow-import --publish " + file);
        String run = devrig.admin("devrig:run slow");
        String runId = run.lines().filter(l -> l.startsWith("Run:")).findFirst().orElseThrow().split("\\s+")[1];
        devrig.awaitAdmin("devrig:run-show " + runId, o -> o.contains("running"), "the run to be running");
        assertThat(devrig.admin("devrig:run-cancel " + runId)).contains("Cancelled " + runId);
        String shown = devrig.awaitAdmin("devrig:run-show " + runId, o -> o.contains("cancelled"), "the run to end cancelled");
        assertThat(shown).contains("RUN_CANCELLED");
        assertThat(Files.readString(devrig.home.resolve("data/itest-side-effects.log"))).doesNotContain(runId);
    }

    @Test
    @Order(3)
    void runsSurviveTheServerBeingKilledAtRandomMoments() throws Exception {
        Path file = work.resolve("crash.json");
        StringBuilder nodes = new StringBuilder();
        StringBuilder edges = new StringBuilder();
        for (int i = 0; i < RECORDS_PER_RUN; i++) {
            nodes.append(i == 0 ? "" : ",").append("""
                    {"id": "r%d", "type": "action", "actionType": "test.record", "config": {"ms": 40},
                     "retryPolicy": {"maxAttempts": 10, "initialDelayMs": 50, "backoffMultiplier": 2, "maxDelayMs": 500},
                     "position": {"x": 0, "y": 0}}""".formatted(i));
            if (i > 0) {
                edges.append(i == 1 ? "" : ",").append("""
                        {"id": "e%d", "source": "r%d", "target": "r%d"}""".formatted(i, i - 1, i));
            }
        }
        Files.writeString(file, """
                {"schemaVersion": 1, "id": "crash", "version": 1, "name": "Crash test",
                 "nodes": [%s], "edges": [%s],
                 "settings": {"maxConcurrentRuns": 50, "timeoutMs": 600000,
                   "retryPolicy": {"maxAttempts": 10, "initialDelayMs": 50, "backoffMultiplier": 2, "maxDelayMs": 500},
                   "errorHandling": "stop", "executionMode": "sequential"}}
                """.formatted(nodes, edges));
        assertThat(devrig.admin("devrig:workflow-import --publish " + file)).contains("Published crash as version 1");
        String starts = devrig.admin(String.join("\n", java.util.Collections.nCopies(CRASH_RUNS, "devrig:run crash")));
        assertThat(starts.lines().filter(l -> l.startsWith("Run:")).count()).isEqualTo(CRASH_RUNS);

        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("crash test: random seed " + seed);
        for (int k = 0; k < KILLS; k++) {
            Thread.sleep(300 + random.nextInt(1500));
            int done = countRuns("status IN ('completed','failed','cancelled','timed_out')");
            devrig.killJvm();
            System.out.printf("crash test: kill %d with %d of %d runs final%n", k + 1, done, CRASH_RUNS);
            devrig.start();
            devrig.awaitReady(Duration.ofSeconds(180));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (countRuns("status IN ('pending','running')") > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        devrig.stop(Duration.ofSeconds(90));

        Path db = devrig.home.resolve("data/devrig.db");
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, new Properties());
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
            Map<String, Integer> byStatus = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("SELECT status, count(*) FROM workflow_runs WHERE workflow_id = 'crash' "
                    + "GROUP BY status")) {
                while (rs.next()) {
                    byStatus.put(rs.getString(1), rs.getInt(2));
                }
            }
            System.out.println("crash test: runs by status " + byStatus);
            assertThat(byStatus).as("every run ended, none lost").isEqualTo(Map.of("completed", CRASH_RUNS));
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM node_runs n JOIN workflow_runs r ON r.id = n.run_id "
                    + "WHERE r.workflow_id = 'crash' AND n.status = 'completed'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(CRASH_RUNS * RECORDS_PER_RUN);
            }
        }
        // every side effect happened at least once, and at most once more per kill
        Map<String, Integer> executions = new HashMap<>();
        for (String line : Files.readAllLines(devrig.home.resolve("data/itest-side-effects.log"))) {
            String key = line.split(" ")[0];
            executions.merge(key, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> crashKeys = executions.entrySet().stream()
                .filter(e -> e.getKey().matches("[0-9A-Z]{26}:r\\d+")).toList();
        long repeated = crashKeys.stream().filter(e -> e.getValue() > 1).count();
        System.out.printf("crash test: %d side effects, %d executed more than once%n", crashKeys.size(), repeated);
        assertThat(crashKeys.stream().filter(e -> e.getKey().contains(":r")).count())
                .isGreaterThanOrEqualTo((long) CRASH_RUNS * RECORDS_PER_RUN);
        assertThat(crashKeys).allSatisfy(e -> assertThat(e.getValue()).isBetween(1, 1 + KILLS));
        devrig.start();
        devrig.awaitReady(Duration.ofSeconds(180));
    }

    private int countRuns(String where) throws Exception {
        Path db = devrig.home.resolve("data/devrig.db");
        Properties p = new Properties();
        p.setProperty("open_mode", "1"); // read-only
        try (Connection c = new org.sqlite.JDBC().connect("jdbc:sqlite:" + db, p); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM workflow_runs WHERE workflow_id = 'crash' AND "
                        + where)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
