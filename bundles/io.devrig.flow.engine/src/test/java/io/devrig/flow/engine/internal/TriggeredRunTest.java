package io.devrig.flow.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunTrigger;
import io.devrig.api.flow.WorkflowTrigger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The seam the trigger manager starts runs through: what a run knows of the trigger that started it. */
class TriggeredRunTest {

    @TempDir
    Path dir;

    Harness h;
    String workflowId;

    @BeforeEach
    void start() {
        h = new Harness(dir);
        // a cron workflow whose manual-start schema a cron payload would not match
        workflowId = h.publish(Wf.of("nightly").top("trigger", Map.of("type", "cron", "expression", "0 3 * * *",
                "inputSchema", Map.of("type", "object", "required", List.of("repo"))))
                .action("a", "test.echo", Map.of("type", "{{trigger.type}}", "triggerId", "{{trigger.triggerId}}",
                        "at", "{{trigger.payload.scheduledAt}}", "inputAt", "{{input.scheduledAt}}"))
                .json());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private NodeRun node(String runId) throws InterruptedException {
        assertThat(h.await(runId).status()).isEqualTo(RunStatus.COMPLETED);
        return h.engine.detail(runId).orElseThrow().nodes().get(0);
    }

    /** The trigger manager's path: prepared outside the transaction, written in it, checked again there. */
    @Test
    void aPreparedRunIsWrittenLaterAndRefusedWhenTheWorkflowWasDisabledMeanwhile() throws Exception {
        h.db.write(w -> {
            w.update("INSERT INTO triggers (id, workflow_id, type, config) VALUES ('t1', ?, 'cron', '{}')", workflowId);
            w.update("INSERT INTO trigger_events (id, trigger_id, workflow_id, dedup_key) VALUES ('e1', 't1', ?, 'k1')",
                    workflowId);
            return w.update("INSERT INTO trigger_events (id, trigger_id, workflow_id, dedup_key) "
                    + "VALUES ('e2', 't1', ?, 'k2')", workflowId);
        });
        io.devrig.api.flow.PreparedRun p = h.engine.prepareTriggered(workflowId,
                new RunTrigger("cron", "t1", "e1", Map.of("scheduledAt", "2026-12-06T03:00:00Z")));
        assertThat(p.workflowId()).isEqualTo(workflowId);
        assertThat(p.workflowVersion()).isEqualTo(1);
        assertThat(h.db.read(r -> r.queryLong("SELECT count(*) FROM workflow_runs")).orElseThrow())
                .as("preparing writes nothing").isZero();
        RunStart s = h.db.write(w -> h.engine.startPrepared(p)); // joins the caller's transaction
        assertThat(Json.read(node(s.runId()).output())).isEqualTo(Map.of("type", "cron", "triggerId", "t1",
                "at", "2026-12-06T03:00:00Z", "inputAt", "2026-12-06T03:00:00Z"));

        io.devrig.api.flow.PreparedRun later = h.engine.prepareTriggered(workflowId,
                new RunTrigger("cron", "t1", "e2", Map.of("scheduledAt", "2026-12-07T03:00:00Z")));
        h.workflows.setEnabled(workflowId, false);
        assertThatThrownBy(() -> h.engine.startPrepared(later)).isInstanceOf(DevRigException.class)
                .hasMessageContaining("is disabled");
        assertThatThrownBy(() -> h.engine.startPrepared(new io.devrig.api.flow.PreparedRun() {
            @Override public String workflowId() { return workflowId; }
            @Override public int workflowVersion() { return 1; }
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.db.read(r -> r.queryLong("SELECT count(*) FROM workflow_runs")).orElseThrow()).isEqualTo(1);
    }

    /** The trigger manager stores the event's payload as the text the engine wrote once, and the run keeps a copy. */
    @Test
    void aPreparedRunGivesItsPayloadsJsonAndKeepsACopyTheCallerCannotChange() throws Exception {
        Map<String, Object> payload = new java.util.LinkedHashMap<>(Map.of("scheduledAt", "2026-12-06T03:00:00Z"));
        io.devrig.api.flow.PreparedRun p = h.engine.prepareTriggered(workflowId, new RunTrigger("cron", "t1", null,
                payload));
        assertThat(p.payloadJson()).isEqualTo("{\"scheduledAt\":\"2026-12-06T03:00:00Z\"}");
        payload.put("scheduledAt", "changed after the fire");
        RunStart s = h.engine.startPrepared(p);
        assertThat(h.engine.detail(s.runId()).orElseThrow().input()).as("the run's input is the same text")
                .isEqualTo(p.payloadJson());
        assertThat(Json.read(node(s.runId()).output())).isEqualTo(Map.of("type", "cron", "triggerId", "t1",
                "at", "2026-12-06T03:00:00Z", "inputAt", "2026-12-06T03:00:00Z"));

        // a payload that is not an object is written apart from the (empty) input
        io.devrig.api.flow.PreparedRun list = h.engine.prepareTriggered(workflowId, new RunTrigger("cron", "t1", null,
                java.util.List.of("a", 1, Map.of("b", true))));
        assertThat(list.payloadJson()).isEqualTo("[\"a\",1,{\"b\":true}]");
        // a start by hand has no trigger payload to record
        assertThat(h.engine.prepareTriggered(workflowId, RunTrigger.manual(Map.of("repo", "x"))).payloadJson()).isNull();
    }

    @Test
    void theDefinitionsTriggerIsTyped() {
        WorkflowTrigger t = h.workflows.latest(workflowId).orElseThrow().trigger();
        assertThat(t.type()).isEqualTo("cron");
        assertThat(t.config()).containsEntry("expression", "0 3 * * *");
        assertThat(t.inputSchema()).isNotNull();
    }

    @Test
    void aFiredTriggerIsTheRunsTriggerAndItsObjectPayloadTheInput() throws Exception {
        h.db.write(w -> {
            w.update("INSERT INTO triggers (id, workflow_id, type, config) VALUES ('t1', ?, 'cron', '{}')", workflowId);
            return w.update("INSERT INTO trigger_events (id, trigger_id, workflow_id, dedup_key) "
                    + "VALUES ('e1', 't1', ?, 'cron:t1:2026-12-06T03:00Z')", workflowId);
        });
        RunStart s = h.engine.startTriggered(workflowId,
                new RunTrigger("cron", "t1", "e1", Map.of("scheduledAt", "2026-12-06T03:00:00Z")));

        // the manual-start schema (requires "repo") is not applied to a fired trigger
        assertThat(Json.read(node(s.runId()).output())).isEqualTo(Map.of("type", "cron", "triggerId", "t1",
                "at", "2026-12-06T03:00:00Z", "inputAt", "2026-12-06T03:00:00Z"));
        assertThat(h.db.read(r -> r.queryOne("SELECT trigger_event_id FROM workflow_runs WHERE id = ?",
                rs -> rs.getString(1), s.runId())).orElseThrow()).isEqualTo("e1");
    }

    @Test
    void aRunStartedByHandSaysManual() throws Exception {
        RunStart s = h.engine.start(workflowId, "{\"repo\": \"devrig\", \"scheduledAt\": \"now\"}");
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) Json.read(node(s.runId()).output());
        assertThat(out).containsEntry("type", "manual").containsEntry("at", "now").containsEntry("inputAt", "now");
        // no trigger fired: a whole-value template of an absent field is null
        assertThat(out.get("triggerId")).isNull();
    }

    @Test
    void aPayloadThatIsNotJsonStartsNothing() {
        Object notJson = new Object() {
            @SuppressWarnings("unused")
            public String getSecret() {
                throw new AssertionError("a getter of the payload was called");
            }
        };
        assertThatThrownBy(() -> h.engine.startTriggered(workflowId, new RunTrigger("cron", "t1", null, notJson)))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("is not JSON").doesNotContain("getSecret");
                });
        assertThat(h.engine.runs(RunQuery.all())).isEmpty();
    }
}
