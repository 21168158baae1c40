package io.devrig.trigger.event.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunEvents;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.inbox.Inbox;
import io.devrig.api.inbox.InboxEvents;
import io.devrig.api.inbox.InboxItem;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.condition.internal.ConditionEngineImpl;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import io.devrig.testing.TestTriggerContext;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

class EventTriggerTypesTest {

    private final ConditionEngineImpl conditions = new ConditionEngineImpl();
    private final Map<String, RunDetail> details = new HashMap<>();
    private final AtomicInteger detailReads = new AtomicInteger();
    private final WorkflowRuns runs = (WorkflowRuns) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {WorkflowRuns.class}, (p, m, a) -> {
                if (m.getName().equals("detail")) {
                    detailReads.incrementAndGet();
                    return Optional.ofNullable(details.get((String) a[0]));
                }
                throw new UnsupportedOperationException(m.getName());
            });
    private final Map<String, InboxItem> items = new HashMap<>();
    private final Inbox inbox = (Inbox) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Inbox.class},
            (p, m, a) -> {
                if (m.getName().equals("get")) {
                    return Optional.ofNullable(items.get((String) a[0]));
                }
                throw new UnsupportedOperationException(m.getName());
            });

    private static Map<String, Object> compare(String path, String op, Object value) {
        return Map.of("type", "compare", "left", Map.of("type", "context", "path", path), "operator", op,
                "right", Map.of("type", "literal", "value", value));
    }

    private void run(String runId, String workflowId, RunStatus status, String input, Map<String, String> outputs) {
        List<NodeRun> nodes = outputs.entrySet().stream().map(e -> new NodeRun("n" + e.getKey(), runId, e.getKey(),
                "test.noop", NodeRunStatus.COMPLETED, "{}", e.getValue(), null, 1, null, null, 1L)).toList();
        details.put(runId, new RunDetail(new RunSummary(runId, workflowId, 3, status, "c", status == RunStatus.FAILED
                ? "{\"code\":\"X\"}" : null, null, null, null, 5L), input, nodes, List.of()));
    }

    private static Event finished(String runId, String workflowId, RunStatus status) {
        Map<String, Object> p = new HashMap<>();
        p.put(RunEvents.RUN_ID, runId);
        p.put(RunEvents.STATUS, status.json());
        if (workflowId != null) {
            p.put(RunEvents.WORKFLOW_ID, workflowId);
        }
        return new Event(RunEvents.RUN_FINISHED, p);
    }

    // ---- workflow

    @Test
    void workflowConfigProblemsCarryTheirPaths() {
        WorkflowTriggerType type = new WorkflowTriggerType(runs, conditions);
        assertThat(type.validate(Map.of("on", "sometimes", "extra", 1, "filter", Map.of("type", "nonsense"))))
                .anySatisfy(p -> assertThat(p).startsWith("$.trigger.workflowId: required"))
                .anySatisfy(p -> assertThat(p).isEqualTo("$.trigger.on: must be completed, failed or any"))
                .anySatisfy(p -> assertThat(p).startsWith("$.trigger.extra: unknown field"))
                .anySatisfy(p -> assertThat(p).startsWith("$.trigger.filter"));
        assertThat(type.validate(Map.of("workflowId", "build", "on", "any",
                "filter", compare("output.test.failed", "gt", 0)))).isEmpty();
    }

    @Test
    void aCompletedRunOfTheSourceStartsTheWorkflowOnceWithItsOutputs() {
        WorkflowTriggerType type = new WorkflowTriggerType(runs, conditions);
        TestTriggerContext ctx = new TestTriggerContext("deploy", Map.of("workflowId", "build"));
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        run("R1", "build", RunStatus.COMPLETED, "{}", Map.of("compile", "{\"jar\":\"app.jar\"}"));
        run("R2", "other", RunStatus.COMPLETED, "{}", Map.of());
        run("R3", "build", RunStatus.FAILED, "{}", Map.of());
        type.handleEvent(finished("R1", "build", RunStatus.COMPLETED));
        type.handleEvent(finished("R2", "other", RunStatus.COMPLETED));
        type.handleEvent(finished("R3", "build", RunStatus.FAILED));

        assertThat(ctx.fired).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("run:R1");
            @SuppressWarnings("unchecked")
            Map<String, Object> p = (Map<String, Object>) f.payload();
            assertThat(p).containsEntry("workflowId", "build").containsEntry("runId", "R1")
                    .containsEntry("status", "completed").containsEntry("chainDepth", 1).containsEntry("workflowVersion", 3);
            assertThat(p.get("output")).isEqualTo(Map.of("compile", Map.of("jar", "app.jar")));
        });
        assertThat(detailReads).as("runs of workflows nobody listens to are not read").hasValue(1);
        h.stop();
        type.handleEvent(finished("R1", "build", RunStatus.COMPLETED));
        assertThat(ctx.fired).as("a stopped handler hears nothing").hasSize(1);
    }

    @Test
    void onFailedAndOnAnyAndAFilterOnTheOutput() {
        WorkflowTriggerType type = new WorkflowTriggerType(runs, conditions);
        TestTriggerContext failed = new TestTriggerContext("page", Map.of("workflowId", "build", "on", "failed"));
        TestTriggerContext any = new TestTriggerContext("audit", Map.of("workflowId", "build", "on", "any"));
        TestTriggerContext big = new TestTriggerContext("notify", Map.of("workflowId", "build",
                "filter", compare("output.count.n", "gt", 2)));
        type.createHandler(failed).start();
        type.createHandler(any).start();
        type.createHandler(big).start();
        run("R1", "build", RunStatus.FAILED, "{}", Map.of());
        run("R2", "build", RunStatus.CANCELLED, "{}", Map.of());
        run("R3", "build", RunStatus.COMPLETED, "{}", Map.of("count", "{\"n\":1}"));
        run("R4", "build", RunStatus.COMPLETED, "{}", Map.of("count", "{\"n\":5}"));
        for (String id : List.of("R1", "R2", "R3", "R4")) {
            // the event may lack the workflow id (an engine path that did not have it): it is read
            type.handleEvent(finished(id, null, details.get(id).run().status()));
        }
        assertThat(failed.fired).extracting(TestTriggerContext.Fired::key).containsExactly("run:R1");
        assertThat(any.fired).extracting(TestTriggerContext.Fired::key).containsExactly("run:R1", "run:R2", "run:R3",
                "run:R4");
        assertThat(big.fired).extracting(TestTriggerContext.Fired::key).containsExactly("run:R4");
    }

    @Test
    void aLoopOfWorkflowTriggersStopsAtTheDocumentedDepth() {
        WorkflowTriggerType type = new WorkflowTriggerType(runs, conditions);
        TestTriggerContext a = new TestTriggerContext("a", Map.of("workflowId", "b"));
        type.createHandler(a).start();
        // b's run was itself started by a workflow trigger at the last allowed depth
        run("R9", "b", RunStatus.COMPLETED, "{\"runId\":\"R8\",\"chainDepth\":" + WorkflowTriggerType.MAX_CHAIN_DEPTH
                + "}", Map.of());
        run("R7", "b", RunStatus.COMPLETED, "{\"runId\":\"R6\",\"chainDepth\":3}", Map.of());
        type.handleEvent(finished("R9", "b", RunStatus.COMPLETED));
        type.handleEvent(finished("R7", "b", RunStatus.COMPLETED));
        assertThat(a.fired).singleElement().satisfies(f -> assertThat(((Map<?, ?>) f.payload()).get("chainDepth"))
                .isEqualTo(4));
        assertThat(a.errors).singleElement().satisfies(e -> assertThat(e).contains("stopped at depth 8")
                .contains("would have started a again"));
        // a hand-typed input cannot pretend to be deep unless it looks like this type's payload
        assertThat(WorkflowTriggerType.depthOf("{\"chainDepth\": 99}")).isZero();
        assertThat(WorkflowTriggerType.depthOf("not json")).isZero();
    }

    // ---- inbox

    private InboxItem item(String id, String plugin, String type, Priority priority, String updatedAt,
            Map<String, Object> metadata) {
        return new InboxItem(id, plugin, "x-" + id, type, "title " + id, "body", "preview", null, priority,
                InboxStatus.UNREAD, true, metadata, null, null, null, null, null, null, "2026-12-06T10:00:00Z", updatedAt);
    }

    private static Event inboxEvent(String topic, InboxItem i) {
        return new Event(topic, Map.of(InboxEvents.ITEM_ID, i.id(), InboxEvents.PLUGIN_ID, i.pluginId(),
                InboxEvents.TYPE, i.type(), InboxEvents.EXTERNAL_ID, i.externalId(), InboxEvents.STATUS, "unread"));
    }

    @Test
    void inboxConfigProblemsCarryTheirPaths() {
        InboxTriggerType type = new InboxTriggerType(inbox, conditions);
        assertThat(type.validate(Map.of("events", List.of("deleted"), "priorities", List.of("asap"), "plugin", "",
                "what", 1))).containsExactlyInAnyOrder("$.trigger.events: must list created, updated or both",
                "$.trigger.priorities: 'asap' is not urgent, high, normal or low",
                "$.trigger.plugin: must be a non-empty string",
                "$.trigger.what: unknown field; this trigger type knows events, filter, itemType, plugin, priorities");
        assertThat(type.validate(Map.of("events", List.of("created", "updated"), "plugin", "io.devrig.plugin.github",
                "priorities", List.of("urgent", "high"), "filter", compare("item.metadata.repo", "eq", "devrig"))))
                .isEmpty();
    }

    @Test
    void aNewItemMatchingTheFiltersStartsTheWorkflowWithTheItem() {
        InboxTriggerType type = new InboxTriggerType(inbox, conditions);
        TestTriggerContext ctx = new TestTriggerContext("triage", Map.of("plugin", "gh", "itemType", "pr",
                "priorities", List.of("urgent", "high"), "filter", compare("item.metadata.repo", "eq", "devrig")));
        type.createHandler(ctx).start();
        InboxItem match = item("I1", "gh", "pr", Priority.HIGH, "2026-12-06T10:00:01Z", Map.of("repo", "devrig"));
        InboxItem low = item("I2", "gh", "pr", Priority.LOW, "2026-12-06T10:00:01Z", Map.of("repo", "devrig"));
        InboxItem otherRepo = item("I3", "gh", "pr", Priority.URGENT, "2026-12-06T10:00:01Z", Map.of("repo", "x"));
        InboxItem otherPlugin = item("I4", "mail", "pr", Priority.URGENT, "2026-12-06T10:00:01Z", Map.of("repo", "devrig"));
        for (InboxItem i : List.of(match, low, otherRepo, otherPlugin)) {
            items.put(i.id(), i);
            type.handleEvent(inboxEvent(InboxEvents.ITEM_CREATED, i));
        }
        type.handleEvent(inboxEvent(InboxEvents.ITEM_UPDATED, match)); // not listened to: created only by default
        assertThat(ctx.fired).singleElement().satisfies(f -> {
            assertThat(f.key()).isEqualTo("I1:created:2026-12-06T10:00:01Z");
            Map<?, ?> item = (Map<?, ?>) ((Map<?, ?>) f.payload()).get("item");
            assertThat(item.get("priority")).isEqualTo("high");
            assertThat(item.get("status")).isEqualTo("unread");
            assertThat(item.get("title")).isEqualTo("title I1");
            assertThat(((Map<?, ?>) f.payload()).get("event")).isEqualTo("created");
        });
    }

    @Test
    void aWorkflowThatKeepsChangingItsItemIsStoppedAsALoop() {
        InboxTriggerType type = new InboxTriggerType(inbox, conditions);
        long[] now = {0};
        type.nanos = () -> now[0];
        TestTriggerContext ctx = new TestTriggerContext("summarise", Map.of("events", List.of("updated")));
        type.createHandler(ctx).start();
        for (int i = 0; i < 8; i++) {
            InboxItem changed = item("I1", "gh", "pr", Priority.NORMAL, "2026-12-06T10:00:0" + i + "Z", Map.of());
            items.put("I1", changed);
            type.handleEvent(inboxEvent(InboxEvents.ITEM_UPDATED, changed));
        }
        assertThat(ctx.fired).hasSize(InboxTriggerType.MAX_FIRES_PER_ITEM);
        assertThat(ctx.errors).singleElement().satisfies(e -> assertThat(e).contains("changed 5 times within 60 s"));
        // a minute later the item may start it again
        now[0] += InboxTriggerType.LOOP_WINDOW.toNanos() + 1;
        InboxItem later = item("I1", "gh", "pr", Priority.NORMAL, "2026-12-06T10:02:00Z", Map.of());
        items.put("I1", later);
        type.handleEvent(inboxEvent(InboxEvents.ITEM_UPDATED, later));
        assertThat(ctx.fired).hasSize(InboxTriggerType.MAX_FIRES_PER_ITEM + 1);
    }
}
