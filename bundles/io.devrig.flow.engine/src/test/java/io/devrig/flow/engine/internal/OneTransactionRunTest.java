package io.devrig.flow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run made only of transactional nodes executes in one store transaction: one commit for
 * its admission, every node, what they write and its end; anything that does not fit rolls
 * it back and the run goes node by node, as if the attempt had not happened.
 */
class OneTransactionRunTest {

    @TempDir
    Path dir;

    private Harness h;
    /** Keys whose row {@code tx.store} wrote, told after the commit that holds the row. */
    private final List<String> told = new CopyOnWriteArrayList<>();
    private final List<String> storeThreads = new CopyOnWriteArrayList<>();
    private final CountDownLatch blocked = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        if (h != null) {
            h.close();
        }
    }

    private Harness harness(EngineSettings settings) {
        return harness(dir.resolve("h" + System.nanoTime()), settings, 2);
    }

    private Harness harness(Path home, EngineSettings settings, int workers) {
        h = new Harness(home, settings, workers, true, this::prepare);
        return h;
    }

    /** The table and the actions, before the workers may take a job (a restarted engine's pending run). */
    private void prepare(Harness h) {
        h.db.write(w -> w.update("CREATE TABLE IF NOT EXISTS tx_items (key TEXT PRIMARY KEY, n INTEGER NOT NULL)"));
        h.addTransactional(action("tx.echo", false, (in, ctx) -> in));
        // writes a row through the engine's store (as notify.inbox does through the inbox): an upsert
        // that counts, so a write that was not rolled back shows as n = 2
        h.addTransactional(action("tx.store", true, (in, ctx) -> {
            storeThreads.add(Thread.currentThread().getName());
            return h.counted.write(w -> {
                w.update("INSERT INTO tx_items (key, n) VALUES (?, 1) ON CONFLICT (key) DO UPDATE SET n = n + 1",
                        ctx.idempotencyKey());
                w.afterCommit(() -> told.add(ctx.idempotencyKey()));
                return Map.of("stored", ctx.idempotencyKey());
            });
        }));
        h.addTransactional(action("tx.failing", false, (in, ctx) -> {
            throw new DevRigException(DevRigError.of("TX_BROKEN", ErrorCategory.TRANSIENT, "broken on purpose"));
        }));
        h.addTransactional(action("tx.slow", false, (in, ctx) -> {
            Thread.sleep(30);
            return in;
        }));
        h.addTransactional(action("tx.block", false, (in, ctx) -> {
            blocked.countDown();
            if (!release.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
            return in;
        }));
    }

    @Test
    void aRunOfTransactionalNodesIsOneCommitAndItsWritesAreToldAfterIt() throws Exception {
        harness(EngineSettings.DEFAULTS);
        String chain = h.publish(Wf.of("chain").action("a", "tx.echo", Map.of("v", 1))
                .action("b", "tx.echo", Map.of("v", "{{nodes.a.output.v}}")).action("c", "tx.store", Map.of())
                .edge("a", "b").edge("b", "c").json());
        // a parallel fan with a condition and a junction: every node on the worker's thread
        String fan = h.publish(Wf.of("fan").set("executionMode", "parallel").action("a", "tx.echo", Map.of("v", 2))
                .condition("if", FlowEngineTest.compare("nodes.a.output.v", "eq", 2))
                .action("b", "tx.store", Map.of()).action("c", "tx.store", Map.of()).junction("j")
                .edge("a", "if").edge("if", "b", "true", null).edge("if", "c", "true", null).edge("b", "j")
                .edge("c", "j").json());

        for (String workflow : List.of(chain, fan)) {
            long before = Harness.commits();
            RunStart start = h.engine.start(workflow, null);
            assertThat(h.await(start.runId()).status()).isEqualTo(RunStatus.COMPLETED);
            assertThat(Harness.commits() - before).as("the start, then the whole run: " + workflow).isEqualTo(2);
            List<NodeRun> nodes = h.engine.detail(start.runId()).orElseThrow().nodes();
            assertThat(nodes).allSatisfy(n -> {
                assertThat(n.status()).isEqualTo(NodeRunStatus.COMPLETED);
                assertThat(n.attempt()).isEqualTo(1);
            });
        }
        assertThat(rows()).containsOnlyKeys(told.toArray(String[]::new)).hasSize(3).allSatisfy((k, n) ->
                assertThat(n).isEqualTo(1));
        assertThat(told).hasSize(3).doesNotHaveDuplicates();
        assertThat(storeThreads).allSatisfy(t -> assertThat(t).doesNotContain("devrig-flow-node"));
        assertThat(h.engine.ranInOne()).isEqualTo(2);
        assertThat(h.engine.leftTransaction()).isZero();
    }

    @Test
    void aPendingRunThisEngineDoesNotRememberIsOneTransactionToo() throws Exception {
        Path home = dir.resolve("restarted");
        harness(home, EngineSettings.DEFAULTS, 0); // no workers: the run's job waits
        String wf = h.publish(Wf.of("later").action("a", "tx.echo", Map.of("v", 3)).action("b", "tx.store", Map.of())
                .edge("a", "b").json());
        RunStart start = h.engine.start(wf, null);
        h.close(); // what the engine remembered of the start is gone, the run is pending with its job

        harness(home, EngineSettings.DEFAULTS, 2);
        assertThat(h.await(start.runId()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.engine.ranInOne()).isEqualTo(1);
        assertThat(h.engine.leftTransaction()).isZero();
        assertThat(byNode(start.runId()).values()).allSatisfy(n -> assertThat(n.attempt()).isEqualTo(1));
        assertThat(rows()).containsExactly(Map.entry(start.runId() + ":b", 1));
        assertThat(told).containsExactly(start.runId() + ":b");
    }

    @Test
    void withTheBudgetAtZeroOrAPluginsNodeInItTheRunGoesNodeByNode() throws Exception {
        harness(EngineSettings.DEFAULTS.withOneTransaction(Duration.ZERO));
        String wf = h.publish(Wf.of("chain").action("a", "tx.echo", Map.of()).action("b", "tx.store", Map.of())
                .edge("a", "b").json());
        long before = Harness.commits();
        assertThat(h.run(wf, null).status()).isEqualTo(RunStatus.COMPLETED);
        // the start, the step before the store's node, the store's own write, the end
        assertThat(Harness.commits() - before).isGreaterThanOrEqualTo(3);
        h.close();

        harness(EngineSettings.DEFAULTS);
        String mixed = h.publish(Wf.of("mixed").action("a", "tx.store", Map.of()).action("b", "test.echo", Map.of())
                .edge("a", "b").json());
        assertThat(h.engine.inOneTransaction(h.engine.graphOf(mixed))).as("test.echo is not transactional").isFalse();
        before = Harness.commits();
        assertThat(h.run(mixed, null).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(Harness.commits() - before).isGreaterThanOrEqualTo(3);
        assertThat(h.engine.ranInOne()).isZero();
        assertThat(h.engine.leftTransaction()).isZero();
    }

    @Test
    void aFailingNodeRollsItAllBackAndTheRunFailsNodeByNodeWithItsRetries() throws Exception {
        harness(EngineSettings.DEFAULTS);
        String wf = h.publish(Wf.of("breaks").set("retryPolicy", Wf.retry(2, 10)).action("a", "tx.store", Map.of())
                .action("b", "tx.failing", Map.of()).edge("a", "b").json());
        RunStart start = h.engine.start(wf, null);
        assertThat(h.await(start.runId()).status()).isEqualTo(RunStatus.FAILED);

        assertThat(h.engine.leftTransaction()).isEqualTo(1);
        // the rolled-back write is gone and was never told: the row counts the one that stayed
        assertThat(rows()).containsExactly(Map.entry(start.runId() + ":a", 1));
        assertThat(told).containsExactly(start.runId() + ":a");
        Map<String, NodeRun> nodes = byNode(start.runId());
        assertThat(nodes.get("a").attempt()).isEqualTo(1);
        assertThat(nodes.get("b").status()).isEqualTo(NodeRunStatus.FAILED);
        assertThat(nodes.get("b").attempt()).as("its own retries, not one more").isEqualTo(2);
        assertThat(nodes.get("b").error()).contains("TX_BROKEN");
    }

    @Test
    void aRunOverTheBudgetLeavesOnceAndItsWorkflowIsNotTriedInOneAgain() throws Exception {
        harness(EngineSettings.DEFAULTS.withOneTransaction(Duration.ofMillis(20)));
        String wf = h.publish(Wf.of("slow").action("a", "tx.slow", Map.of()).action("b", "tx.slow", Map.of())
                .action("c", "tx.store", Map.of()).edge("a", "b").edge("b", "c").json());
        RunStart first = h.engine.start(wf, null);
        assertThat(h.await(first.runId()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.engine.leftTransaction()).isEqualTo(1);
        assertThat(h.engine.inOneTransaction(h.engine.graphOf(wf))).isFalse();

        RunStart second = h.engine.start(wf, null);
        assertThat(h.await(second.runId()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(h.engine.leftTransaction()).isEqualTo(1);
        assertThat(rows()).containsOnly(Map.entry(first.runId() + ":c", 1), Map.entry(second.runId() + ":c", 1));
        assertThat(told).containsExactlyInAnyOrder(first.runId() + ":c", second.runId() + ":c");
    }

    @Test
    void nothingOfARunInOneTransactionIsSeenBeforeItsEnd() throws Exception {
        harness(EngineSettings.DEFAULTS.withOneTransaction(Duration.ofSeconds(30)));
        String wf = h.publish(Wf.of("held").action("a", "tx.store", Map.of()).action("b", "tx.block", Map.of())
                .edge("a", "b").json());
        RunStart start = h.engine.start(wf, null);
        assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();

        // a reader meanwhile (WAL: not blocked by the writer) sees the run as it was before
        assertThat(h.db.read(r -> r.queryLong("SELECT count(*) FROM node_runs WHERE run_id = ?", start.runId()))
                .orElseThrow()).isZero();
        assertThat(rows()).isEmpty();
        assertThat(told).isEmpty();
        assertThat(h.engine.run(start.runId()).orElseThrow().status().isFinal()).isFalse();

        release.countDown();
        assertThat(h.await(start.runId()).status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(byNode(start.runId())).containsOnlyKeys("a", "b");
        assertThat(rows()).containsExactly(Map.entry(start.runId() + ":a", 1));
        assertThat(told).containsExactly(start.runId() + ":a");
    }

    private Map<String, Integer> rows() {
        return h.db.read(r -> {
            Map<String, Integer> m = new java.util.TreeMap<>();
            r.query("SELECT key, n FROM tx_items", row -> m.put(row.getString(1), row.getInt(2)));
            return m;
        });
    }

    private Map<String, NodeRun> byNode(String runId) {
        Map<String, NodeRun> m = new java.util.HashMap<>();
        for (NodeRun n : h.engine.detail(runId).orElseThrow().nodes()) {
            m.put(n.nodeId(), n);
        }
        return m;
    }

    private static ActionExecutor action(String type, boolean sideEffects, TestActions.Body body) {
        return TestActions.executor(ActionDescriptor.of(type, type, type, null, null).withSideEffects(sideEffects), body);
    }
}
