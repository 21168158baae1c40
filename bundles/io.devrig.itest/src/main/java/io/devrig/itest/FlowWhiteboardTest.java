package io.devrig.itest;

import static io.devrig.itest.CoreBundlesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.flow.Workflows;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;
import org.osgi.test.junit5.context.BundleContextExtension;
import org.osgi.test.junit5.service.ServiceExtension;

/**
 * The action whiteboard and the flow engine in a real framework: the built-in action
 * bundles publish their types, workflows run on the durable queue, and an action's bundle
 * that goes away in the middle of a run and comes back is handled as the action registry's
 * README says: a call already running finishes on the old code, a node that reaches the
 * missing type fails with {@code ACTION_UNKNOWN} (transient) and is retried under its retry
 * policy, and the run completes once the bundle is back.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class FlowWhiteboardTest {

    static final String GATE = "io.devrig.itest.action.gate";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Workflows workflows;

    @InjectService(timeout = 10_000)
    WorkflowRuns runs;

    @InjectService(timeout = 10_000)
    ActionRegistry actions;

    Bundle gate;
    Path dir;

    @BeforeEach
    void installTheGateAction() throws Exception {
        dir = Files.createTempDirectory("flow-whiteboard");
        try (InputStream in = getClass().getResourceAsStream("/plugins/" + GATE + ".jar")) {
            assertThat(in).as("the gate action is packed into the test bundle").isNotNull();
            gate = context.installBundle("itest:" + GATE + ":" + System.nanoTime(), in);
        }
        gate.start();
        waitFor(() -> actions.has("itest.gate"), "the itest.gate action");
    }

    @AfterEach
    void uninstall() throws Exception {
        if (gate.getState() != Bundle.UNINSTALLED) {
            gate.uninstall();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private String publish(String json) {
        var saved = workflows.saveDraft(json);
        assertThat(saved.report().errors()).isEmpty();
        assertThat(saved.saved()).isTrue();
        workflows.publish(saved.definition().id(), "in-framework test");
        return saved.definition().id();
    }

    private NodeRun node(String runId, String nodeId) {
        RunDetail d = runs.detail(runId).orElseThrow();
        return d.nodes().stream().filter(n -> n.nodeId().equals(nodeId)).findFirst().orElse(null);
    }

    @Test
    void theBuiltInActionBundlesPublishTheirTypesAndRunInAWorkflow() throws Exception {
        assertThat(actions.has("data.transform")).isTrue();
        assertThat(actions.has("data.filter")).isTrue();
        assertThat(actions.has("data.aggregate")).isTrue();
        assertThat(actions.has("flow.delay")).isTrue();
        assertThat(actions.has("flow.loop")).isTrue();
        String id = publish("""
                {"schemaVersion": 2, "id": "itest-sum", "version": 1, "name": "Sum",
                 "nodes": [{"id": "sum", "type": "action", "actionType": "data.aggregate", "position": {"x": 0, "y": 0},
                            "config": {"items": {"$ref": "input.items"},
                                       "operations": [{"op": "sum", "field": "n", "as": "total"}]}}],
                 "edges": []}""");
        RunStart s = runs.start(id, "{\"items\": [{\"n\": 2}, {\"n\": 40}]}");
        RunSummary done = runs.await(s.runId(), Duration.ofSeconds(20)).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(node(s.runId(), "sum").output()).contains("\"total\":42");
    }

    @Test
    void anActionsBundleThatGoesAwayMidRunAndComesBack() throws Exception {
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");
        Files.createFile(second);
        String id = publish("""
                {"schemaVersion": 2, "id": "itest-gate", "version": 1, "name": "Gate",
                 "nodes": [{"id": "a", "type": "action", "actionType": "itest.gate", "position": {"x": 0, "y": 0},
                            "config": {"waitFor": "%s"}},
                           {"id": "b", "type": "action", "actionType": "itest.gate", "position": {"x": 0, "y": 0},
                            "config": {"waitFor": "%s"},
                            "retryPolicy": {"maxAttempts": 10, "strategy": "fixed", "baseDelayMs": 200,
                                            "maxDelayMs": 200, "jitter": false}}],
                 "edges": [{"id": "e", "source": "a", "target": "b"}]}""".formatted(first, second));
        RunStart s = runs.start(id, "{}");
        waitFor(() -> node(s.runId(), "a") != null && node(s.runId(), "a").status() == NodeRunStatus.RUNNING,
                "node a running");

        gate.stop();
        waitFor(() -> !actions.has("itest.gate"), "itest.gate gone with its bundle");
        Files.createFile(first);
        // a finishes on the old code; b finds no executor and waits in its retries
        waitFor(() -> node(s.runId(), "a").status() == NodeRunStatus.COMPLETED, "node a completed on the old code");
        waitFor(() -> node(s.runId(), "b") != null && node(s.runId(), "b").attempt() >= 2,
                "node b retried while the action is away");
        assertThat(runs.run(s.runId()).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(runs.detail(s.runId()).orElseThrow().logs()).anySatisfy(l ->
                assertThat(l.message()).contains("ACTION_UNKNOWN"));

        gate.start();
        RunSummary done = runs.await(s.runId(), Duration.ofSeconds(20)).orElseThrow();
        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(node(s.runId(), "a").attempt()).isEqualTo(1);
        assertThat(node(s.runId(), "b").attempt()).isGreaterThan(1);
        assertThat(node(s.runId(), "b").output()).contains("\"passed\":\"second\"");
    }
}
