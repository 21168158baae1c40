package io.devrig.trigger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.RunTrigger;
import io.devrig.api.flow.WorkflowRuns;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerEvent;
import io.devrig.api.trigger.TriggerState;
import io.devrig.api.trigger.TriggerStatus;
import io.devrig.common.json.Json;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TriggerManagerTest {

    @TempDir
    Path dir;
    TriggerHarness h;
    TestType test;

    @BeforeEach
    void setUp() {
        h = new TriggerHarness(dir);
        test = new TestType();
    }

    @AfterEach
    void tearDown() {
        h.close();
    }

    private TriggerStatus only() {
        List<TriggerStatus> all = h.manager.triggers();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private RunSummary finished(String runId) throws InterruptedException {
        RunSummary s = h.engine.await(runId, Duration.ofSeconds(20)).orElseThrow();
        assertThat(s.status()).as("run " + runId).isEqualTo(RunStatus.COMPLETED);
        return s;
    }

    @Test
    void publishingWritesTheTriggerRowAndATypeArrivingStartsItsHandler() {
        h.startManager();
        h.publish("nightly", Map.of("type", "test", "every", 5));
        TriggerStatus s = only();
        assertThat(s.workflowId()).isEqualTo("nightly");
        assertThat(s.workflowVersion()).isEqualTo(1);
        assertThat(s.type()).isEqualTo("test");
        assertThat(s.state()).as("no service of the type yet").isEqualTo(TriggerState.WAITING);
        assertThat(h.count("SELECT count(*) FROM triggers WHERE workflow_id = 'nightly' AND workflow_version = 1"))
                .isEqualTo(1);

        h.manager.addType(test, "test");
        h.manager.awaitIdle();
        assertThat(test.handlers).hasSize(1);
        assertThat(test.only().context.config()).containsEntry("every", 5);
        assertThat(test.only().context.workflowVersion()).isEqualTo(1);
        assertThat(only().state()).isEqualTo(TriggerState.ACTIVE);
    }

    @Test
    void aFireRecordsItsEventAndStartsOneRunWithThePayload() throws Exception {
        startedWith("hook");

        FireResult r = test.only().context.fire("delivery-1", Map.of("ref", "main", "n", 3));
        assertThat(r.outcome()).isEqualTo(FireResult.Outcome.STARTED);
        assertThat(r.eventId()).isNotNull();
        finished(r.runId());
        RunTrigger trigger = h.db.read(x -> x.queryOne("SELECT context FROM workflow_runs WHERE id = ?",
                rs -> rs.getString(1), r.runId())).map(c -> (Map<?, ?>) Json.readObject(c).get("trigger"))
                .map(t -> new RunTrigger((String) t.get("type"), (String) t.get("triggerId"), (String) t.get("eventId"),
                        // an object payload is the run's input (the engine does not store it twice)
                        Json.read(h.engine.detail(r.runId()).orElseThrow().input()))).orElseThrow();
        assertThat(trigger.type()).isEqualTo("test");
        assertThat(trigger.triggerId()).isEqualTo(only().id());
        assertThat(trigger.eventId()).isEqualTo(r.eventId());
        assertThat(trigger.payload()).isEqualTo(Map.of("ref", "main", "n", 3));
        assertThat(h.count("SELECT count(*) FROM workflow_runs WHERE trigger_event_id = ?", r.eventId())).isEqualTo(1);

        TriggerStatus s = only();
        assertThat(s.fireCount()).isEqualTo(1);
        assertThat(s.lastFiredAt()).isNotNull();
        List<TriggerEvent> events = h.manager.events(s.id(), 10);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(FireResult.Outcome.STARTED);
            assertThat(e.runId()).isEqualTo(r.runId());
            assertThat(e.deduplicationKey()).isEqualTo("delivery-1");
        });
        // the event keeps the payload as the run's input was written: the same text, written once
        assertThat(h.db.read(x -> x.queryOne("SELECT payload FROM trigger_events WHERE id = ?", rs -> rs.getString(1),
                r.eventId())).orElseThrow()).isEqualTo(h.engine.detail(r.runId()).orElseThrow().input())
                .satisfies(json -> assertThat(Json.read(json)).isEqualTo(Map.of("ref", "main", "n", 3)));
    }

    @Test
    void aPayloadThatIsNotAnObjectIsRecordedWithItsEventAndGivenToTheRun() throws Exception {
        startedWith("hook");

        FireResult r = test.only().context.fire("k-list", List.of("a", 2));
        assertThat(r.outcome()).isEqualTo(FireResult.Outcome.STARTED);
        finished(r.runId());
        assertThat(h.db.read(x -> x.queryOne("SELECT payload FROM trigger_events WHERE id = ?", rs -> rs.getString(1),
                r.eventId())).orElseThrow()).isEqualTo("[\"a\",2]");
        assertThat(h.db.read(x -> x.queryOne("SELECT context FROM workflow_runs WHERE id = ?", rs -> rs.getString(1),
                r.runId())).orElseThrow()).contains("\"payload\":[\"a\",2]");
    }

    @Test
    void whenTheEngineDoesNotWriteThePayloadAheadTheManagerDoesAndStillRefusesWhatIsNotJson() throws Exception {
        WorkflowRuns real = h.runs;
        // an engine that refuses one workflow while preparing, and prepares nothing ahead for the others
        h.runs = around(real, (m, a) -> {
                    if (m.getName().equals("prepareTriggered")) {
                        if (a[0].equals("off")) {
                            throw new DevRigException(io.devrig.api.error.ErrorCodes.CONFLICT,
                                    io.devrig.api.error.ErrorCategory.PERMANENT, "workflow 'off' is disabled");
                        }
                        return new WorkflowRuns.Deferred((String) a[0], 0, (RunTrigger) a[1]);
                    }
                    if (m.getName().equals("startPrepared") && a[0] instanceof WorkflowRuns.Deferred d) {
                        return real.startTriggered(d.workflowId(), d.trigger()); // what the interface's default does
                    }
                    return PASS;
                });
        startedWith("off", "on");
        TestType.Handler off = test.handlers.stream().filter(x -> x.context.workflowId().equals("off")).findFirst()
                .orElseThrow();
        TestType.Handler on = test.handlers.stream().filter(x -> x.context.workflowId().equals("on")).findFirst()
                .orElseThrow();

        FireResult refused = off.context.fire("k-off", Map.of("x", 1));
        assertThat(refused.outcome()).isEqualTo(FireResult.Outcome.REFUSED);
        assertThat(refused.reason()).contains("is disabled");
        assertThat(h.db.read(x -> x.queryOne("SELECT payload FROM trigger_events WHERE id = ?", rs -> rs.getString(1),
                refused.eventId())).orElseThrow()).isEqualTo("{\"x\":1}");

        FireResult started = on.context.fire("k-on", Map.of("y", List.of(1, 2)));
        assertThat(started.outcome()).isEqualTo(FireResult.Outcome.STARTED);
        finished(started.runId());
        assertThat(h.db.read(x -> x.queryOne("SELECT payload FROM trigger_events WHERE id = ?", rs -> rs.getString(1),
                started.eventId())).orElseThrow()).isEqualTo("{\"y\":[1,2]}");

        Object notJson = new Object() {
            @SuppressWarnings("unused")
            public String getSecret() {
                throw new AssertionError("a getter of the payload was called");
            }
        };
        assertThatThrownBy(() -> on.context.fire("k-bad", Map.of("inner", notJson)))
                .isInstanceOf(DevRigException.class).hasMessageContaining("is not JSON").hasMessageContaining("$.inner");
        assertThat(h.count("SELECT count(*) FROM trigger_events")).isEqualTo(2);
    }

    @Test
    void theSameKeyWithinTheWindowIsDroppedRecordedAndStartsNothing() throws Exception {
        startedWith("hook");
        h.now.set(Instant.parse("2026-12-06T10:00:00Z"));

        FireResult first = test.only().context.fire("k", Map.of());
        h.now.set(Instant.parse("2026-12-06T10:00:59Z"));
        FireResult again = test.only().context.fire("k", Map.of());
        assertThat(again.outcome()).isEqualTo(FireResult.Outcome.DUPLICATE);
        assertThat(again.eventId()).as("the first delivery's event").isEqualTo(first.eventId());
        assertThat(again.runId()).isNull();
        // after the window the key starts a run again
        h.now.set(Instant.parse("2026-12-06T10:01:01Z"));
        FireResult later = test.only().context.fire("k", Map.of());
        assertThat(later.outcome()).isEqualTo(FireResult.Outcome.STARTED);

        assertThat(h.count("SELECT count(*) FROM workflow_runs WHERE workflow_id = 'hook'")).isEqualTo(2);
        List<TriggerEvent> events = h.manager.events(only().id(), 10);
        assertThat(events).extracting(TriggerEvent::outcome).containsExactly(FireResult.Outcome.STARTED,
                FireResult.Outcome.DUPLICATE, FireResult.Outcome.STARTED);
        assertThat(events.get(1).duplicateOf()).isEqualTo(first.eventId());
        assertThat(only().fireCount()).as("a duplicate is not a fire").isEqualTo(2);
        assertThat(only().duplicateCount()).isEqualTo(1);
    }

    @Test
    void aTriggersOwnWindowAppliesAndZeroTurnsDeduplicationOff() {
        h.startManager();
        h.manager.addType(test, "test");
        h.publish("short", Map.of("type", "test", "deduplicationWindowSeconds", 0));
        h.manager.awaitIdle();
        TriggerContextRef ctx = new TriggerContextRef(test.only());
        assertThat(ctx.fire("k").outcome()).isEqualTo(FireResult.Outcome.STARTED);
        assertThat(ctx.fire("k").outcome()).isEqualTo(FireResult.Outcome.STARTED);
        assertThat(test.only().context.config()).as("the manager's own field is not the type's")
                .doesNotContainKey("deduplicationWindowSeconds");
    }

    @Test
    void aBadWindowOrATypesObjectionRefusesTheDraftAndThePublishAndWritesNothing() {
        h.startManager();
        assertThatThrownBy(() -> h.publish("w", Map.of("type", "test", "deduplicationWindowSeconds", -1)))
                .hasMessageContaining("$.trigger.deduplicationWindowSeconds: must be a whole number of seconds");
        // saved while its type was not there (nothing to ask), published once it is: the type objects
        h.saveDraft("v", Map.of("type", "test", "bad", true), null);
        h.manager.addType(test, "test");
        h.manager.awaitIdle();
        assertThatThrownBy(() -> h.workflows.publish("v", "again")).isInstanceOf(DevRigException.class)
                .hasMessageContaining("$.trigger.bad: not allowed here");
        assertThat(h.count("SELECT count(*) FROM workflow_versions")).isZero();
        assertThat(h.count("SELECT count(*) FROM triggers")).isZero();
        assertThat(test.handlers).isEmpty();
    }

    @Test
    void aNewVersionReplacesTheHandlerAndKeepsTheTriggersIdAndCounters() {
        h.startManager();
        h.manager.addType(test, "test");
        h.publish("wf", Map.of("type", "test", "x", 1));
        h.manager.awaitIdle();
        String id = only().id();
        TestType.Handler v1 = test.only();
        v1.context.fire("a", Map.of());

        h.publish("wf", Map.of("type", "test", "x", 2));
        assertThat(v1.stopped).as("the old version's handler was given back").isTrue();
        TestType.Handler v2 = test.only();
        assertThat(v2.context.workflowVersion()).isEqualTo(2);
        assertThat(v2.context.config()).containsEntry("x", 2);
        assertThat(only().id()).isEqualTo(id);
        assertThat(only().fireCount()).isEqualTo(1);
        // a fire through the old handler's context after it was replaced starts nothing
        FireResult late = v1.context.fire("b", Map.of());
        assertThat(late.outcome()).isEqualTo(FireResult.Outcome.REFUSED);
        assertThat(late.reason()).contains("stopped");
    }

    @Test
    void aVersionStartedByHandOnlyRemovesTheTrigger() {
        startedWith("wf");
        TestType.Handler handler = test.only();
        h.publish("wf", null);
        assertThat(handler.stopped).isTrue();
        assertThat(h.manager.triggers()).isEmpty();
    }

    @Test
    void pauseDisposesTheHandlerAndHoldsAcrossARestart() {
        startedWith("wf");
        String id = only().id();
        TestType.Handler handler = test.only();

        assertThat(h.manager.pause(id).state()).isEqualTo(TriggerState.PAUSED);
        assertThat(handler.stopped).isTrue();
        assertThat(test.live()).isEmpty();

        h.stopManager();
        TestType again = new TestType();
        h.startManager().addType(again, "test");
        h.manager.awaitIdle();
        assertThat(h.manager.trigger(id).orElseThrow().state()).isEqualTo(TriggerState.PAUSED);
        assertThat(again.handlers).isEmpty();

        assertThat(h.manager.resume(id).state()).isEqualTo(TriggerState.ACTIVE);
        assertThat(again.live()).hasSize(1);
        assertThatThrownBy(() -> h.manager.pause("nope")).isInstanceOf(DevRigException.class)
                .hasMessageContaining("no trigger 'nope'");
    }

    @Test
    void aDisabledWorkflowHasNoHandlerAndADeletedOneNoTrigger() {
        startedWith("wf");
        TestType.Handler first = test.only();

        h.workflows.setEnabled("wf", false);
        assertThat(first.stopped).isTrue();
        assertThat(only().state()).isEqualTo(TriggerState.WAITING);
        h.workflows.setEnabled("wf", true);
        TestType.Handler second = test.only();
        assertThat(second).isNotSameAs(first);

        h.workflows.delete("wf");
        assertThat(second.stopped).isTrue();
        assertThat(h.manager.triggers()).isEmpty();
    }

    @Test
    void whenTheTypeGoesItsHandlersGoAndComeBackWithIt() {
        startedWith("a", "b");
        assertThat(test.live()).hasSize(2);

        h.manager.removeType(test, "test");
        assertThat(test.live()).as("given back before the type's bundle is gone").isEmpty();
        assertThat(h.manager.triggers()).extracting(TriggerStatus::state).containsOnly(TriggerState.WAITING);

        TestType back = new TestType();
        h.manager.addType(back, "test");
        h.manager.awaitIdle();
        assertThat(back.live()).hasSize(2);
        assertThat(h.manager.triggers()).extracting(TriggerStatus::state).containsOnly(TriggerState.ACTIVE);
    }

    @Test
    void aSecondServiceOfATypeTakesOverWhenTheFirstGoesAndTheHigherRankingServes() {
        h.startManager();
        TestType second = new TestType();
        h.manager.addType(test, "test", 0, 10);
        h.manager.addType(second, "test", 0, 11);
        h.publish("wf", Map.of("type", "test"));
        h.manager.awaitIdle();
        assertThat(test.live()).as("the older of equal rankings serves").hasSize(1);
        assertThat(second.handlers).isEmpty();

        h.manager.removeType(test, "test");
        assertThat(test.live()).isEmpty();
        assertThat(second.live()).as("the other service of the name takes over at once").hasSize(1);
        assertThat(only().state()).isEqualTo(TriggerState.ACTIVE);

        TestType ranked = new TestType();
        h.manager.addType(ranked, "test", 5, 12);
        h.manager.awaitIdle();
        assertThat(second.live()).isEmpty();
        assertThat(ranked.live()).as("a higher service.ranking serves the type").hasSize(1);
    }

    @Test
    void aHandlerThatCannotStartIsInErrorAndOthersRun() {
        h.startManager();
        h.manager.addType(test, "test");
        h.publish("broken", Map.of("type", "test", "failOnCreate", "port 99"));
        h.publish("fine", Map.of("type", "test"));
        h.manager.awaitIdle();
        TriggerStatus broken = h.manager.triggers().stream().filter(s -> s.workflowId().equals("broken")).findFirst()
                .orElseThrow();
        assertThat(broken.state()).isEqualTo(TriggerState.ERROR);
        assertThat(broken.lastError()).contains("cannot listen on port 99");
        assertThat(broken.errorCount()).isEqualTo(1);
        assertThat(test.live()).hasSize(1);
    }

    @Test
    void reportedErrorsAreCountedAndTypeStateSurvivesARestart() {
        startedWith("poll");
        TestType.Handler handler = test.only();
        handler.context.reportError("GET https://example.test failed: 503\nretrying");
        handler.context.saveState(Map.of("hash", "abc", "seen", 3));
        assertThat(handler.context.status().errorCount()).isEqualTo(1);
        assertThat(handler.context.status().lastError()).isEqualTo("GET https://example.test failed: 503 retrying");

        h.stopManager();
        TestType again = new TestType();
        h.startManager().addType(again, "test");
        h.manager.awaitIdle();
        assertThat(again.only().context.state()).isEqualTo(Map.of("hash", "abc", "seen", 3));
    }

    @Test
    void anEntryConditionThatDoesNotHoldIsARefusedFireWithItsReason() {
        h.startManager();
        h.manager.addType(test, "test");
        h.publish("only-main", Map.of("type", "test"), List.of(Map.of("type", "compare", "left",
                Map.of("type", "context", "path", "trigger.payload.ref"), "operator", "eq", "right",
                Map.of("type", "literal", "value", "main"))));
        h.manager.awaitIdle();
        FireResult r = test.only().context.fire("x", Map.of("ref", "dev"));
        assertThat(r.outcome()).isEqualTo(FireResult.Outcome.REFUSED);
        assertThat(r.reason()).startsWith("skipped: entry condition 0 does not hold");
        assertThat(h.count("SELECT count(*) FROM workflow_runs")).isZero();
        assertThat(h.manager.events(only().id(), 5)).singleElement()
                .satisfies(e -> assertThat(e.outcome()).isEqualTo(FireResult.Outcome.REFUSED));
        assertThat(only().fireCount()).isZero();
    }

    @Test
    void concurrentFiresAreEachRecordedOnceWithOneRunEach() throws Exception {
        startedWith("burst");
        TestType.Handler handler = test.only();
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<FireResult>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = "d" + i;
                sent.add(senders.submit(() -> handler.context.fire(key, Map.of("i", key))));
            }
            // and a burst handed over without waiting, as a cron second does
            List<CompletableFuture<FireResult>> async = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                async.add(handler.context.fireAsync("a" + i, Map.of()).toCompletableFuture());
            }
            Set<String> runIds = new HashSet<>();
            for (Future<FireResult> f : sent) {
                runIds.add(f.get(30, TimeUnit.SECONDS).runId());
            }
            for (CompletableFuture<FireResult> f : async) {
                runIds.add(f.get(30, TimeUnit.SECONDS).runId());
            }
            assertThat(runIds).hasSize(400).doesNotContainNull();
        } finally {
            senders.shutdownNow();
        }
        // the groups of 16 or more were accepted first; their runs start when the intake is quiet
        h.awaitAcceptedStarted();
        assertThat(h.count("SELECT count(*) FROM trigger_events WHERE outcome = 'started'")).isEqualTo(400);
        assertThat(h.count("SELECT count(*) FROM workflow_runs WHERE workflow_id = 'burst'")).isEqualTo(400);
        assertThat(h.count("SELECT count(DISTINCT r.id) FROM workflow_runs r JOIN trigger_events e ON e.run_id = r.id "
                + "AND e.id = r.trigger_event_id")).as("each run has the id its fire was told").isEqualTo(400);
        assertThat(only().fireCount()).isEqualTo(400);
    }

    // ---------------------------------------------------------------- intake first

    @Test
    void aBusyIntakeAcceptsFiresFirstAndTheirRunsStartWithTheIdsTheFiresWereTold() throws Exception {
        acceptingEveryFire("hook");

        FireResult first = test.only().context.fire("d1", Map.of("ref", "main"));
        FireResult second = test.only().context.fire("d2", List.of(1, 2));
        FireResult again = test.only().context.fire("d1", Map.of("ref", "main"));

        assertThat(first.outcome()).isEqualTo(FireResult.Outcome.ACCEPTED);
        assertThat(first.runId()).isNotNull();
        assertThat(second.outcome()).isEqualTo(FireResult.Outcome.ACCEPTED);
        assertThat(again.outcome()).as("an accepted fire counts for deduplication")
                .isEqualTo(FireResult.Outcome.DUPLICATE);
        assertThat(again.eventId()).isEqualTo(first.eventId());

        h.awaitAcceptedStarted();
        assertThat(finished(first.runId()).id()).isEqualTo(first.runId());
        finished(second.runId());
        assertThat(Json.read(h.engine.detail(first.runId()).orElseThrow().input())).isEqualTo(Map.of("ref", "main"));
        assertThat(h.count("SELECT count(*) FROM workflow_runs WHERE trigger_event_id = ?", second.eventId()))
                .isEqualTo(1);
        assertThat(h.manager.events(only().id(), 10)).extracting(TriggerEvent::outcome).containsExactly(
                FireResult.Outcome.DUPLICATE, FireResult.Outcome.STARTED, FireResult.Outcome.STARTED);
        assertThat(only().fireCount()).isEqualTo(2);
    }

    @Test
    void anAcceptedFireWhoseStartFailsWaitsAndStartsOnALaterTry() throws Exception {
        WorkflowRuns real = h.runs;
        boolean[] broken = {true};
        // the start's transaction fails in a way that is not a refusal (a broken database): nothing changes
        h.runs = around(real, (m, a) -> {
            if (m.getName().equals("startPrepared") && broken[0]) {
                throw new IllegalStateException("disk on fire");
            }
            return PASS;
        });
        acceptingEveryFire("hook");

        FireResult r = test.only().context.fire("d1", Map.of("n", 1));
        assertThat(r.outcome()).isEqualTo(FireResult.Outcome.ACCEPTED);
        Thread.sleep(300); // tries that fail, a second apart
        assertThat(h.count("SELECT count(*) FROM trigger_events WHERE processed = 0 AND outcome = 'accepted'"))
                .isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM workflow_runs")).isZero();

        broken[0] = false;
        h.awaitAcceptedStarted();
        assertThat(finished(r.runId()).workflowId()).isEqualTo("hook");
        assertThat(h.count("SELECT count(*) FROM workflow_runs")).isEqualTo(1);
    }

    @Test
    void whileAcceptedFiresWaitANewFireIsPreparedOnlyWhenItsRunStarts() throws Exception {
        WorkflowRuns real = h.runs;
        boolean[] broken = {true};
        java.util.concurrent.atomic.AtomicInteger byCallers = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger atStart = new java.util.concurrent.atomic.AtomicInteger();
        h.runs = around(real, (m, a) -> {
            if (m.getName().equals("prepareTriggered")) {
                (a.length == 2 ? byCallers : atStart).incrementAndGet();
            }
            if (m.getName().equals("startPrepared") && broken[0]) {
                throw new IllegalStateException("disk on fire"); // keeps the first fire waiting
            }
            return PASS;
        });
        acceptingEveryFire("hook");

        FireResult first = test.only().context.fire("d1", Map.of("n", 1));
        assertThat(first.outcome()).isEqualTo(FireResult.Outcome.ACCEPTED);
        assertThat(byCallers.get()).as("nothing waited yet: prepared by its caller").isEqualTo(1);
        FireResult second = test.only().context.fire("d2", Map.of("n", 2));
        FireResult third = test.only().context.fire("d3", List.of(3));
        assertThat(List.of(second.outcome(), third.outcome())).containsOnly(FireResult.Outcome.ACCEPTED);
        assertThat(byCallers.get()).as("fires behind waiting ones are not prepared by their callers").isEqualTo(1);
        assertThatThrownBy(() -> test.only().context.fire("d4", new Object()))
                .as("what is not JSON is still refused at the caller").hasMessageContaining("is not JSON");

        broken[0] = false;
        h.awaitAcceptedStarted();
        for (FireResult r : List.of(first, second, third)) {
            assertThat(finished(r.runId()).workflowId()).isEqualTo("hook");
        }
        assertThat(Json.read(h.engine.detail(second.runId()).orElseThrow().input())).isEqualTo(Map.of("n", 2));
        assertThat(h.count("SELECT count(*) FROM workflow_runs")).isEqualTo(3);
        assertThat(byCallers.get()).isEqualTo(1);
        assertThat(atStart.get()).as("each prepared once when it started (the failed tries prepared too)")
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void anAcceptedFireThatCannotBePreparedIsRefusedWithoutHoldingBackTheOthers() throws Exception {
        WorkflowRuns real = h.runs;
        // a bug while preparing one stored fire (not a refusal): that one is refused, the next starts
        h.runs = around(real, (m, a) -> {
            if (m.getName().equals("prepareTriggered") && a.length == 3
                    && ((RunTrigger) a[1]).payload() instanceof Map<?, ?> p && p.containsKey("bad")) {
                throw new IllegalStateException("a bug");
            }
            return PASS;
        });
        acceptingEveryFire("hook");

        FireResult bad = test.only().context.fire("d1", Map.of("bad", true));
        FireResult good = test.only().context.fire("d2", Map.of("good", true));
        h.awaitAcceptedStarted();

        assertThat(h.count("SELECT count(*) FROM trigger_events WHERE id = ? AND outcome = 'refused' "
                + "AND reason LIKE 'could not be prepared: %a bug%'", bad.eventId())).isEqualTo(1);
        assertThat(finished(good.runId()).workflowId()).isEqualTo("hook");
        assertThat(h.count("SELECT count(*) FROM workflow_runs")).isEqualTo(1);
    }

    @Test
    void firesAcceptedBeforeAStopStartAfterTheNextStartExactlyOnce() throws Exception {
        startedWith("hook");
        h.stopManager();
        String runId = newId();
        acceptedRowWhileStopped("ev-1", "d1", runId, "{\"ref\": \"main\"}");

        h.startManager();
        h.awaitAcceptedStarted();

        assertThat(finished(runId).workflowId()).isEqualTo("hook");
        assertThat(Json.read(h.engine.detail(runId).orElseThrow().input())).isEqualTo(Map.of("ref", "main"));
        assertThat(h.count("SELECT count(*) FROM trigger_events WHERE id = 'ev-1' AND outcome = 'started' AND run_id = ?",
                runId)).isEqualTo(1);
        h.stopManager();
        h.startManager();
        h.manager.awaitIdle();
        Thread.sleep(200); // a second start finds nothing left to start
        assertThat(h.count("SELECT count(*) FROM workflow_runs WHERE workflow_id = 'hook'")).isEqualTo(1);
    }

    @Test
    void anAcceptedFireWhoseWorkflowWasDisabledMeanwhileIsRefusedWithTheReason() throws Exception {
        startedWith("hook");
        h.stopManager();
        acceptedRowWhileStopped("ev-1", "d1", newId(), "{}");
        h.workflows.setEnabled("hook", false);

        h.startManager();
        h.awaitAcceptedStarted();

        assertThat(h.count("SELECT count(*) FROM trigger_events WHERE id = 'ev-1' AND outcome = 'refused' "
                + "AND run_id IS NULL AND reason LIKE '%disabled%'")).isEqualTo(1);
        assertThat(h.count("SELECT count(*) FROM workflow_runs")).isZero();
    }

    @Test
    void anAcceptedFireMakesItsWorkflowActiveUntilItsRunStarts() {
        startedWith("hook");
        h.stopManager();
        acceptedRowWhileStopped("ev-1", "d1", newId(), "{}");
        TriggerManagerImpl notStarted = new TriggerManagerImpl(h.db, h.workflows, h.runs,
                io.devrig.api.time.DevRigClock.system());
        assertThat(notStarted.workflowActive("hook")).isTrue();
        assertThat(notStarted.workflowActive("other")).isFalse();
    }

    private static final io.devrig.api.id.UlidGenerator IDS = new io.devrig.api.id.UlidGenerator(
            io.devrig.api.time.DevRigClock.system(), new java.security.SecureRandom());

    private static String newId() {
        return IDS.nextString();
    }

    /** What a process that stopped (or crashed) after accepting a fire leaves behind. */
    private void acceptedRowWhileStopped(String eventId, String key, String runId, String payloadJson) {
        h.db.write(x -> x.update("INSERT INTO trigger_events (id, trigger_id, workflow_id, dedup_key, payload, fired_at, "
                + "processed, outcome, run_id) SELECT ?, id, workflow_id, ?, ?, ?, 0, 'accepted', ? FROM triggers",
                eventId, key, payloadJson, io.devrig.api.time.DevRigClock.format(Instant.now()), runId));
    }

    @Test
    void aGroupThatFailsWritesNoneOfItsEventsOrRuns() throws Exception {
        WorkflowRuns real = h.runs;
        // the engine fails in a way that is not a refusal (a bug, a broken database): the group rolls back
        h.runs = around(real, (m, a) -> {
                    if (m.getName().equals("startPrepared")
                            && ((io.devrig.api.flow.PreparedRun) a[0]).workflowId().equals("boom")) {
                        throw new IllegalStateException("disk on fire");
                    }
                    return PASS;
                });
        startedWith("boom");
        assertThatThrownBy(() -> test.only().context.fire("k", Map.of())).isInstanceOf(DevRigException.class)
                .hasMessageContaining("could not be recorded");
        assertThat(h.count("SELECT count(*) FROM trigger_events")).isZero();
        assertThat(h.count("SELECT count(*) FROM workflow_runs")).isZero();
        assertThat(h.count("SELECT count(*) FROM job_queue")).isZero();
        assertThat(only().fireCount()).isZero();
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedAtTheCallerAndKeysMustBeGiven() {
        startedWith("wf");
        Object notJson = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        assertThatThrownBy(() -> test.only().context.fire("k", notJson)).isInstanceOf(DevRigException.class)
                .hasMessageContaining("is not JSON");
        assertThatThrownBy(() -> test.only().context.fire(" ", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.count("SELECT count(*) FROM trigger_events")).isZero();
    }

    @Test
    void aPublishWhileTheManagerWasAwayIsCaughtUpWhenItStarts() {
        h.publish("early", Map.of("type", "test", "v", 1)); // no manager yet: no row
        assertThat(h.count("SELECT count(*) FROM triggers")).isZero();
        h.startManager().addType(test, "test");
        h.manager.awaitIdle();
        assertThat(only().workflowId()).isEqualTo("early");
        assertThat(test.only().context.config()).containsEntry("v", 1);
    }

    @Test
    void deduplicationHoldsAcrossARestart() {
        h.startManager().addType(test, "test");
        h.publish("wf", Map.of("type", "test"));
        h.manager.awaitIdle();
        h.now.set(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(test.only().context.fire("cron@10:00", Map.of()).outcome()).isEqualTo(FireResult.Outcome.STARTED);

        h.stopManager();
        TestType again = new TestType();
        h.startManager().addType(again, "test");
        h.manager.awaitIdle();
        h.now.set(Instant.parse("2026-12-06T10:00:01Z"));
        assertThat(again.only().context.fire("cron@10:00", Map.of()).outcome())
                .isEqualTo(FireResult.Outcome.DUPLICATE);
    }

    @Test
    void stoppingTheManagerGivesBackEveryHandlerAndRefusesLaterFires() {
        h.startManager().addType(test, "test");
        h.publish("wf", Map.of("type", "test"));
        h.manager.awaitIdle();
        TestType.Handler handler = test.only();
        h.stopManager();
        assertThat(handler.stopped).isTrue();
        assertThatThrownBy(() -> handler.context.fire("k", Map.of())).isInstanceOf(DevRigException.class)
                .hasMessageContaining("the trigger manager is stopping");
    }

    @Test
    void oldEventsAreDeletedButNeverWithinTheLongestWindow() throws Exception {
        h.startManager().addType(test, "test");
        h.publish("wf", Map.of("type", "test"));
        h.manager.awaitIdle();
        h.now.set(Instant.parse("2026-01-01T00:00:00Z"));
        String old = test.only().context.fire("old", Map.of()).runId();
        h.now.set(Instant.parse("2026-02-15T00:00:00Z"));
        test.only().context.fire("newer", Map.of());
        h.now.set(Instant.parse("2026-03-01T00:00:00Z"));
        // 7 days asked: 30 (the longest window) kept; the January fire goes, its run stays
        assertThat(h.manager.cleanupEvents(Duration.ofDays(7))).isEqualTo(1);
        assertThat(h.manager.events(only().id(), 10)).extracting(TriggerEvent::deduplicationKey).containsExactly("newer");
        assertThat(h.count("SELECT count(*) FROM workflow_runs WHERE id = ? AND trigger_event_id IS NULL", old))
                .isEqualTo(1);
    }

    /** Fires with an empty payload through a handler's context. */
    private record TriggerContextRef(TestType.Handler handler) {
        FireResult fire(String key) {
            return handler.context.fire(key, Map.of());
        }
    }

    /** The manager started with the test type, and these workflows published with a trigger of it, their handlers up. */
    /** A manager that accepts every fire first (every group counts as a burst), with one workflow. */
    private void acceptingEveryFire(String workflowId) {
        h.startManager(1);
        h.manager.addType(test, "test");
        h.publish(workflowId, Map.of("type", "test"));
        h.manager.awaitIdle();
    }

    private void startedWith(String... workflowIds) {
        h.startManager();
        h.manager.addType(test, "test");
        for (String id : workflowIds) {
            h.publish(id, Map.of("type", "test"));
        }
        h.manager.awaitIdle();
    }

    /** What an {@link #around} override returns to let the real engine answer the call. */
    private static final Object PASS = new Object();

    /** The real engine behind a proxy whose {@code override} answers the calls it wants to. */
    private static WorkflowRuns around(WorkflowRuns real,
            java.util.function.BiFunction<java.lang.reflect.Method, Object[], Object> override) {
        return (WorkflowRuns) Proxy.newProxyInstance(TriggerManagerTest.class.getClassLoader(),
                new Class<?>[] {WorkflowRuns.class}, (p, m, a) -> {
                    Object answer = override.apply(m, a);
                    if (answer != PASS) {
                        return answer;
                    }
                    try {
                        return m.invoke(real, a);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
