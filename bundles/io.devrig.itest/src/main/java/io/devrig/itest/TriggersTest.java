package io.devrig.itest;

import static io.devrig.itest.CoreBundlesTest.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.RunDetail;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunStart;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.flow.Workflows;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerEvent;
import io.devrig.api.trigger.TriggerManager;
import io.devrig.api.trigger.TriggerState;
import io.devrig.api.trigger.TriggerStatus;
import io.devrig.itest.trigger.tick.Ticks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.osgi.util.tracker.ServiceTracker;

/**
 * The trigger manager and its types in a real framework (issue 12: "a trigger type's bundle
 * stopped and started again; its handlers go and come back with no lost or doubled fire").
 * The {@code itest.tick} type (bundle {@value #TICK}) fires only when a test calls
 * {@link Ticks#fire} and records every handler it creates and is given back; {@code cron}
 * and {@code workflow} are the shipped types, on the real Quartz and the real Event Admin.
 */
@ExtendWith(BundleContextExtension.class)
@ExtendWith(ServiceExtension.class)
class TriggersTest {

    static final String TICK = "io.devrig.itest.trigger.tick";
    static final String MANAGER = "io.devrig.trigger";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern SCHEDULED_AT = Pattern.compile("\"scheduledAt\"\\s*:\\s*\"([^\"]+)\"");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    Workflows workflows;

    @InjectService(timeout = 10_000)
    WorkflowRuns runs;

    /** The manager of the moment: its bundle is stopped and started by a test. */
    ServiceTracker<TriggerManager, TriggerManager> managers;
    final List<String> published = new ArrayList<>();

    @BeforeEach
    void trackTheManager() {
        managers = new ServiceTracker<>(context, TriggerManager.class, null);
        managers.open();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            // a failed test may have left a bundle stopped: the next tests need them
            for (String name : List.of(TICK, MANAGER)) {
                Bundle b = bundle(name);
                if (b.getState() != Bundle.ACTIVE) {
                    b.start();
                }
            }
            manager(); // back before the workflows go, so their handlers are given back
            for (String id : published) {
                workflows.delete(id);
            }
        } finally {
            managers.close();
        }
    }

    // ---------------------------------------------------------------- tests

    @Test
    void aTriggerTypesBundleStoppedAndStartedAgainLosesAndDoublesNoFire() throws Exception {
        String wf = publish(tickWorkflow("itest-tick-type"));
        String trigger = activeTriggerOf(wf);
        assertThat(Ticks.count(trigger, Ticks.What.CREATED)).isEqualTo(1);
        assertThat(Ticks.live(trigger)).isEqualTo(1);

        List<FireResult> first = new ArrayList<>();
        for (String key : List.of("k1", "k2", "k3")) {
            first.add(fireOnce(trigger, key, FireResult.Outcome.STARTED));
        }
        for (FireResult r : first) {
            assertThat(runs.await(r.runId(), RUN_TIMEOUT).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        }

        Bundle tick = bundle(TICK);
        tick.stop();
        // given back before the type's unbind returned, so before stop() did
        assertThat(Ticks.count(trigger, Ticks.What.DISPOSED)).isEqualTo(1);
        assertThat(Ticks.live(trigger)).isZero();
        assertThat(status(trigger).state()).isEqualTo(TriggerState.WAITING);
        assertThat(Ticks.fire(trigger, "k-while-away")).as("no handler to reach").isEmpty();
        assertThat(runsOf(wf)).hasSize(3);

        tick.start();
        waitFor(() -> status(trigger).state() == TriggerState.ACTIVE, "the tick trigger active again");
        assertThat(Ticks.count(trigger, Ticks.What.CREATED)).isEqualTo(2);
        assertThat(Ticks.live(trigger)).as("one handler: the old one is not back").isEqualTo(1);

        FireResult k4 = fireOnce(trigger, "k4", FireResult.Outcome.STARTED);
        FireResult k3again = fireOnce(trigger, "k3", FireResult.Outcome.DUPLICATE);
        assertThat(k3again.eventId()).as("points at the first k3").isEqualTo(first.get(2).eventId());
        assertThat(k3again.runId()).isNull();
        assertThat(runs.await(k4.runId(), RUN_TIMEOUT).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(payloadOf(k4.runId())).contains("\"generation\":2");
        // the first handler, were its type to keep firing after it was given back, starts nothing
        List<FireResult> stale = Ticks.fireDisposed(trigger, "k5");
        assertThat(stale).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(FireResult.Outcome.REFUSED);
            assertThat(r.eventId()).isNull();
            assertThat(r.runId()).isNull();
        });

        List<RunSummary> all = runsOf(wf);
        assertThat(all).hasSize(4).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
        assertThat(all.stream().map(r -> keyOf(r.id())).toList()).containsExactlyInAnyOrder("k1", "k2", "k3", "k4");

        List<TriggerEvent> events = manager().events(trigger, 100);
        assertThat(events).extracting(TriggerEvent::outcome).containsExactly(FireResult.Outcome.DUPLICATE,
                FireResult.Outcome.STARTED, FireResult.Outcome.STARTED, FireResult.Outcome.STARTED,
                FireResult.Outcome.STARTED);
        assertThat(events.get(0).deduplicationKey()).isEqualTo("k3");
        assertThat(events.get(0).duplicateOf()).isEqualTo(first.get(2).eventId());
        assertThat(status(trigger).fireCount()).as("a dropped duplicate is no fire").isEqualTo(4);
    }

    @Test
    void theTriggerManagersBundleStoppedAndStartedAgainKeepsTheRowsAndFiresNothingTwice() throws Exception {
        String wf = publish(tickWorkflow("itest-tick-manager"));
        String trigger = activeTriggerOf(wf);
        FireResult k1 = fireOnce(trigger, "k1", FireResult.Outcome.STARTED);
        fireOnce(trigger, "k2", FireResult.Outcome.STARTED);
        TriggerStatus before = status(trigger);
        assertThat(before.fireCount()).isEqualTo(2);
        assertThat(before.workflowVersion()).isEqualTo(1);

        Bundle managerBundle = bundle(MANAGER);
        managerBundle.stop();
        assertThat(context.getServiceReference(TriggerManager.class)).isNull();
        assertThat(Ticks.count(trigger, Ticks.What.DISPOSED)).as("given back as the manager stopped").isEqualTo(1);
        assertThat(Ticks.live(trigger)).isZero();
        assertThat(Ticks.fire(trigger, "k-while-away")).isEmpty();
        // a version published while the manager is away: its row is caught up when it starts
        String draft = tickWorkflow("itest-tick-manager").replace("\"name\": \"Tick\"", "\"name\": \"Tick v2\"")
                .replace("\"id\": \"itest-tick-manager\"", "\"id\": \"" + wf + "\"");
        assertThat(workflows.saveDraft(draft).saved()).isTrue();
        assertThat(workflows.publish(wf, "while the trigger manager is away").version()).isEqualTo(2);

        managerBundle.start();
        waitFor(() -> status(trigger).state() == TriggerState.ACTIVE, "the trigger active with the manager back");
        TriggerStatus after = status(trigger);
        assertThat(after.id()).as("the row and its id stay").isEqualTo(before.id());
        assertThat(after.workflowVersion()).isEqualTo(2);
        assertThat(after.fireCount()).isEqualTo(2);
        assertThat(after.lastFiredAt()).isEqualTo(before.lastFiredAt());
        assertThat(Ticks.count(trigger, Ticks.What.CREATED)).isEqualTo(2);
        assertThat(Ticks.live(trigger)).isEqualTo(1);
        assertThat(Ticks.log(trigger).get(Ticks.log(trigger).size() - 1).workflowVersion()).isEqualTo(2);

        // the handler of the manager that stopped cannot fire through it any more
        assertThatThrownBy(() -> Ticks.fireDisposed(trigger, "k-stale")).isInstanceOf(DevRigException.class)
                .hasMessageContaining("stopping");
        FireResult again = fireOnce(trigger, "k1", FireResult.Outcome.DUPLICATE);
        assertThat(again.eventId()).isEqualTo(k1.eventId());
        FireResult k3 = fireOnce(trigger, "k3", FireResult.Outcome.STARTED);
        RunSummary k3run = runs.await(k3.runId(), RUN_TIMEOUT).orElseThrow();
        assertThat(k3run.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(k3run.workflowVersion()).isEqualTo(2);

        List<RunSummary> all = runsOf(wf);
        assertThat(all.stream().map(r -> keyOf(r.id())).toList()).containsExactlyInAnyOrder("k1", "k2", "k3");
        assertThat(manager().events(trigger, 100)).extracting(TriggerEvent::outcome)
                .containsExactly(FireResult.Outcome.STARTED, FireResult.Outcome.DUPLICATE,
                        FireResult.Outcome.STARTED, FireResult.Outcome.STARTED);
        assertThat(status(trigger).fireCount()).isEqualTo(3);
    }

    @Test
    void aCronTriggerFiresEverySecondNotWhilePausedAndOnceAcrossAManagerRestart() throws Exception {
        String wf = publish("""
                {"schemaVersion": 2, "id": "itest-cron", "version": 1, "name": "Every second",
                 "trigger": {"type": "cron", "expression": "* * * * * ?"},
                 "nodes": [{"id": "when", "type": "action", "actionType": "data.transform", "position": {"x": 0, "y": 0},
                            "config": {"source": {"$ref": "trigger.payload"},
                                       "mapping": {"scheduledAt": "$.scheduledAt", "missed": "$.missed"}}}],
                 "edges": []}""");
        String trigger = activeTriggerOf(wf);
        assertThat(status(trigger).type()).isEqualTo("cron");
        assertThat(status(trigger).nextFireAt()).isNotNull();
        waitFor(() -> runsOf(wf).size() >= 2, "two runs of the every-second schedule");

        TriggerStatus paused = manager().pause(trigger);
        Instant pausedAt = Instant.now();
        assertThat(paused.state()).isEqualTo(TriggerState.PAUSED);
        assertThat(paused.nextFireAt()).isNull();
        Thread.sleep(2_500); // two fire times pass
        // a fire handed over before the pause may commit after it, but never one for a later second
        assertThat(runsOf(wf)).as("no run for a fire time after the pause")
                .noneMatch(r -> scheduledAt(r).isAfter(pausedAt));
        assertThat(status(trigger).state()).isEqualTo(TriggerState.PAUSED);

        int whenResumed = runsOf(wf).size();
        assertThat(manager().resume(trigger).state()).isEqualTo(TriggerState.ACTIVE);
        waitFor(() -> runsOf(wf).size() >= whenResumed + 2, "runs again after the resume");

        // fire times pass while the manager is away; back, it makes up once (fireOnce), never twice
        Bundle managerBundle = bundle(MANAGER);
        managerBundle.stop();
        Instant stoppedAt = Instant.now();
        Thread.sleep(1_500);
        assertThat(runsOf(wf)).as("no run for a fire time while the manager is away")
                .noneMatch(r -> scheduledAt(r).isAfter(stoppedAt));
        int whenRestarted = runsOf(wf).size();
        managerBundle.start();
        waitFor(() -> runsOf(wf).size() >= whenRestarted + 2, "runs again after the manager's restart");
        manager().pause(trigger); // the schedule stops before the checks below

        // events and runs commit together: once the last fire handed over has landed they agree
        waitFor(() -> {
            int n = runsOf(wf).size();
            return manager().events(trigger, 1000).size() == n && status(trigger).fireCount() == n;
        }, "one event and one run per fire");
        List<RunSummary> all = runsOf(wf);
        for (RunSummary r : all) {
            assertThat(runs.await(r.id(), RUN_TIMEOUT).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        }
        assertThat(all.stream().map(this::scheduledAt).toList()).as("each fire time ran once")
                .doesNotHaveDuplicates();
        List<TriggerEvent> events = manager().events(trigger, 1000);
        assertThat(events).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(FireResult.Outcome.STARTED));
        assertThat(events).extracting(TriggerEvent::deduplicationKey).doesNotHaveDuplicates();
    }

    @Test
    void aWorkflowTriggerStartsBOnceForEachCompletedRunOfA() throws Exception {
        String a = publish("""
                {"schemaVersion": 2, "id": "itest-source", "version": 1, "name": "Source",
                 "nodes": [{"id": "calc", "type": "action", "actionType": "data.transform", "position": {"x": 0, "y": 0},
                            "config": {"source": {"$ref": "input"}, "mapping": {"x": "$.x"}}}],
                 "edges": []}""");
        String b = publish("""
                {"schemaVersion": 2, "id": "itest-follower", "version": 1, "name": "Follower",
                 "trigger": {"type": "workflow", "workflowId": "%s", "on": "completed"},
                 "nodes": [{"id": "got", "type": "action", "actionType": "data.transform", "position": {"x": 0, "y": 0},
                            "config": {"source": {"$ref": "trigger.payload"},
                                       "mapping": {"from": "$.runId", "x": "$.output.calc.result.x",
                                                   "depth": "$.chainDepth"}}}],
                 "edges": []}""".formatted(a));
        String trigger = activeTriggerOf(b);
        assertThat(status(trigger).type()).isEqualTo("workflow");

        RunStart first = runs.start(a, "{\"x\": 7}");
        assertThat(runs.await(first.runId(), RUN_TIMEOUT).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        waitFor(() -> runsOf(b).size() == 1, "B started by A's completion");
        RunSummary b1 = runs.await(runsOf(b).get(0).id(), RUN_TIMEOUT).orElseThrow();
        assertThat(b1.status()).isEqualTo(RunStatus.COMPLETED);
        String got = node(b1.id(), "got").output();
        assertThat(got).contains("\"from\":\"" + first.runId() + "\"").contains("\"x\":7").contains("\"depth\":1");
        assertThat(runs.detail(b1.id()).orElseThrow().input()).as("an object payload is also the input")
                .contains(first.runId());

        RunStart second = runs.start(a, "{\"x\": 8}");
        assertThat(runs.await(second.runId(), RUN_TIMEOUT).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        waitFor(() -> runsOf(b).size() == 2, "B started by A's second completion");
        RunSummary b2 = runs.await(runsOf(b).get(0).id(), RUN_TIMEOUT).orElseThrow();
        assertThat(node(b2.id(), "got").output()).contains("\"from\":\"" + second.runId() + "\"").contains("\"x\":8");

        assertThat(runsOf(a)).as("B's own completions start nothing").hasSize(2);
        List<TriggerEvent> events = manager().events(trigger, 100);
        assertThat(events).extracting(TriggerEvent::deduplicationKey)
                .containsExactly("run:" + second.runId(), "run:" + first.runId());
        assertThat(events).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(FireResult.Outcome.STARTED));
        assertThat(runsOf(b)).as("once per run of A").hasSize(2);
    }

    // ---------------------------------------------------------------- helpers

    /** A workflow started by {@code itest.tick}, its payload mapped into its one node's output. */
    private static String tickWorkflow(String id) {
        // an hour's window: the duplicate checks do not depend on how fast the test runs
        return """
                {"schemaVersion": 2, "id": "%s", "version": 1, "name": "Tick",
                 "trigger": {"type": "%s", "deduplicationWindowSeconds": 3600},
                 "nodes": [{"id": "seen", "type": "action", "actionType": "data.transform", "position": {"x": 0, "y": 0},
                            "config": {"source": {"$ref": "trigger.payload"},
                                       "mapping": {"key": "$.key", "generation": "$.generation"}}}],
                 "edges": []}""".formatted(id, Ticks.TYPE);
    }

    /** Publishes a definition under a fresh id (the framework's database may outlive a run). */
    private String publish(String json) {
        String base = json.replaceFirst("(?s).*?\"id\": \"([^\"]+)\".*", "$1");
        String id = base + "-" + Long.toString(System.nanoTime(), 36);
        var saved = workflows.saveDraft(json.replace("\"id\": \"" + base + "\"", "\"id\": \"" + id + "\""));
        assertThat(saved.report().errors()).isEmpty();
        assertThat(saved.saved()).isTrue();
        published.add(id);
        workflows.publish(id, "in-framework test");
        return id;
    }

    private String activeTriggerOf(String workflowId) {
        waitFor(() -> manager().triggers().stream().anyMatch(t -> t.workflowId().equals(workflowId)
                && t.state() == TriggerState.ACTIVE), "the trigger of " + workflowId + " active");
        return manager().triggers().stream().filter(t -> t.workflowId().equals(workflowId)).findFirst()
                .orElseThrow().id();
    }

    /** Fires through the trigger's one live handler and checks the outcome. */
    private static FireResult fireOnce(String trigger, String key, FireResult.Outcome expected) {
        List<FireResult> results = Ticks.fire(trigger, key);
        assertThat(results).as("one live handler for " + key).hasSize(1);
        FireResult r = results.get(0);
        assertThat(r.outcome()).as(key + ": " + r.reason()).isEqualTo(expected);
        return r;
    }

    private TriggerManager manager() {
        try {
            TriggerManager m = managers.waitForService(10_000);
            assertThat(m).as("the trigger manager").isNotNull();
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for the trigger manager");
        }
    }

    private TriggerStatus status(String trigger) {
        return manager().trigger(trigger).orElseThrow();
    }

    /** The workflow's runs, newest first. */
    private List<RunSummary> runsOf(String workflowId) {
        return runs.runs(new RunQuery(workflowId, null, 1000));
    }

    /** The run's {@code trigger.payload} (an object payload is also its input). */
    private String payloadOf(String runId) {
        return runs.detail(runId).map(RunDetail::input).orElseThrow();
    }

    /** The fire time a cron run was started for. */
    private Instant scheduledAt(RunSummary run) {
        return Instant.parse(match(SCHEDULED_AT, payloadOf(run.id())));
    }

    private String keyOf(String runId) {
        return match(KEY, payloadOf(runId));
    }

    private static String match(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(p + " in " + text).isTrue();
        return m.group(1);
    }

    private NodeRun node(String runId, String nodeId) {
        return runs.detail(runId).orElseThrow().nodes().stream().filter(n -> n.nodeId().equals(nodeId))
                .findFirst().orElseThrow();
    }

    private Bundle bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("no bundle " + symbolicName);
    }
}
