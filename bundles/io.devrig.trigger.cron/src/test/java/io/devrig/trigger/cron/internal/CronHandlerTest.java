package io.devrig.trigger.cron.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.trigger.TriggerHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One trigger driven by a clock the test moves; the scheduler runs only when told. */
class CronHandlerTest {

    private final MutableClock clock = new MutableClock("2026-06-01T09:59:30Z");
    private final CronScheduler scheduler = CronScheduler.manual(clock);
    private final CronTriggerType type = new CronTriggerType(clock, scheduler);

    private FakeTriggerContext context(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new FakeTriggerContext("t1", m, clock);
    }

    private void at(String iso) {
        clock.set(iso);
        scheduler.runDue();
    }

    @Test
    void firesEachFireTimeOnceWithItsKeyAndPayload() {
        FakeTriggerContext ctx = context("expression", "0 * * * *", "timezone", "Europe/Berlin");
        TriggerHandler h = type.createHandler(ctx);
        assertThat(h.nextFireAt()).isEmpty();
        h.start();
        assertThat(h.nextFireAt()).contains(Instant.parse("2026-06-01T10:00:00Z"));
        at("2026-06-01T09:59:59.999Z");
        assertThat(ctx.fires()).isEmpty();
        at("2026-06-01T10:00:00.002Z");
        at("2026-06-01T10:00:00.500Z");
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T10:00:00.000Z");
        assertThat(ctx.fires().get(0).payload()).containsExactly(Map.entry("scheduledAt", "2026-06-01T10:00:00.000Z"),
                Map.entry("localTime", "2026-06-01T12:00:00+02:00"), Map.entry("timezone", "Europe/Berlin"),
                Map.entry("expression", "0 * * * *"), Map.entry("missed", false));
        assertThat(h.nextFireAt()).contains(Instant.parse("2026-06-01T11:00:00Z"));
        at("2026-06-01T11:00:01Z");
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T10:00:00.000Z", "t1@2026-06-01T11:00:00.000Z");
        h.stop();
        assertThat(h.nextFireAt()).isEmpty();
        assertThat(scheduler.size()).isZero();
        at("2026-06-01T12:00:01Z");
        assertThat(ctx.fires()).hasSize(2);
    }

    @Test
    void aTriggerThatNeverFiredHasMissedNothing() {
        clock.set("2026-06-01T15:30:00Z");
        FakeTriggerContext ctx = context("expression", "0 * * * *");
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        assertThat(ctx.fires()).isEmpty();
        assertThat(h.nextFireAt()).contains(Instant.parse("2026-06-01T16:00:00Z"));
    }

    @Test
    void afterADowntimeFireOnceFiresOnceForTheLatestMissedTime() {
        FakeTriggerContext ctx = context("expression", "0 * * * *");
        ctx.lastFiredAt(Instant.parse("2026-06-01T10:00:00.040Z"));
        clock.set("2026-06-01T15:30:00Z"); // down from 10:00 to 15:30: 11:00 ... 15:00 missed
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T15:00:00.000Z");
        assertThat(ctx.fires().get(0).payload()).containsEntry("missed", true)
                .containsEntry("firstMissedAt", "2026-06-01T11:00:00.000Z");
        assertThat(h.nextFireAt()).contains(Instant.parse("2026-06-01T16:00:00Z"));
        at("2026-06-01T16:00:00Z");
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T15:00:00.000Z", "t1@2026-06-01T16:00:00.000Z");
        assertThat(ctx.fires().get(1).payload()).containsEntry("missed", false).doesNotContainKey("firstMissedAt");
    }

    @Test
    void afterADowntimeSkipFiresNothingForMissedTimes() {
        FakeTriggerContext ctx = context("expression", "0 * * * *", "missedFirePolicy", "skip");
        ctx.lastFiredAt(Instant.parse("2026-06-01T10:00:00Z"));
        clock.set("2026-06-01T15:30:00Z");
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        assertThat(ctx.fires()).isEmpty();
        assertThat(h.nextFireAt()).contains(Instant.parse("2026-06-01T16:00:00Z"));
        at("2026-06-01T16:00:00.010Z");
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T16:00:00.000Z");
    }

    @Test
    void underSkipAFireTimeWithinTheGraceIsLateNotMissed() {
        FakeTriggerContext ctx = context("expression", "0 * * * *", "missedFirePolicy", "skip");
        ctx.lastFiredAt(Instant.parse("2026-06-01T14:00:00Z"));
        clock.set("2026-06-01T15:00:45Z"); // 45 s after 15:00, within the 60 s grace
        type.createHandler(ctx).start();
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T15:00:00.000Z");
        assertThat(ctx.fires().get(0).payload()).containsEntry("missed", false);

        FakeTriggerContext late = context("expression", "0 * * * *", "missedFirePolicy", "skip");
        late.lastFiredAt(Instant.parse("2026-06-01T14:00:00Z"));
        clock.set("2026-06-01T15:01:01Z"); // 61 s: missed
        type.createHandler(late).start();
        assertThat(late.fires()).isEmpty();
    }

    @Test
    void aSchedulerThatWakesLateAppliesThePolicyToo() {
        FakeTriggerContext once = context("expression", "*/10 * * * * ?");
        FakeTriggerContext skip = context("expression", "*/10 * * * * ?", "missedFirePolicy", "skip");
        type.createHandler(once).start();
        type.createHandler(skip).start();
        at("2026-06-01T10:05:00.300Z"); // a suspended machine wakes after 5.5 minutes
        assertThat(once.started()).containsExactly("t1@2026-06-01T10:05:00.000Z");
        assertThat(once.fires().get(0).payload()).containsEntry("missed", true)
                .containsEntry("firstMissedAt", "2026-06-01T09:59:40.000Z");
        // the latest fire time (10:05:00) is 0.3 s old: it fires, the earlier ones do not
        assertThat(skip.started()).containsExactly("t1@2026-06-01T10:05:00.000Z");
    }

    @Test
    void aRestartAtTheFireSecondNeverFiresTwice() {
        for (String policy : new String[] {"fireOnce", "skip"}) {
            // the fire of the first handler is still being committed when it is stopped
            clock.set("2026-06-01T09:59:30Z");
            FakeTriggerContext ctx = context("expression", "0 0 * * * ?", "missedFirePolicy", policy);
            ctx.lastFiredAt(Instant.parse("2026-06-01T09:00:00.020Z"));
            ctx.holdCommits = true;
            TriggerHandler first = type.createHandler(ctx);
            first.start();
            at("2026-06-01T10:00:00.001Z");
            first.stop();
            clock.set("2026-06-01T10:00:00.400Z");
            TriggerHandler second = type.createHandler(ctx); // lastFiredAt still 09:00: 10:00 looks missed
            second.start();
            ctx.commitPending();
            at("2026-06-01T10:00:00.900Z");
            assertThat(ctx.started()).as(policy).containsExactly("t1@2026-06-01T10:00:00.000Z");
            assertThat(ctx.fires()).as(policy).hasSize(2); // the second was dropped as a duplicate
            assertThat(second.nextFireAt()).as(policy).contains(Instant.parse("2026-06-01T11:00:00Z"));
            second.stop();

            // committed before the restart: lastFiredAt tells the next handler, which hands nothing over
            clock.set("2026-06-01T10:00:00.950Z");
            TriggerHandler third = type.createHandler(ctx);
            third.start();
            assertThat(ctx.fires()).as(policy).hasSize(2);
            assertThat(third.nextFireAt()).as(policy).contains(Instant.parse("2026-06-01T11:00:00Z"));
            third.stop();
        }
    }

    @Test
    void aHandlerStoppedJustBeforeTheFireSecondLeavesTheFireToTheNextOne() {
        FakeTriggerContext ctx = context("expression", "0 0 * * * ?", "missedFirePolicy", "skip");
        ctx.lastFiredAt(Instant.parse("2026-06-01T09:00:00.020Z"));
        TriggerHandler first = type.createHandler(ctx);
        first.start();
        clock.set("2026-06-01T09:59:59.900Z");
        first.stop();
        clock.set("2026-06-01T10:00:00.700Z");
        TriggerHandler second = type.createHandler(ctx);
        second.start();
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T10:00:00.000Z");
        second.stop();
    }

    @Test
    void aScheduleWhoseLastFireTimePassedDuringDowntimeMakesUpOnceAndEnds() {
        // valid at publish (validate refuses it only once its last fire time is in the past)
        FakeTriggerContext ctx = context("expression", "0 0 12 1 6 ? 2026");
        ctx.lastFiredAt(Instant.parse("2026-05-01T00:00:00Z"));
        clock.set("2026-06-02T08:00:00Z");
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T12:00:00.000Z");
        assertThat(h.nextFireAt()).isEmpty();
        assertThat(scheduler.size()).isZero();
        assertThat(type.validate(ctx.config())).singleElement().asString().contains("never fires after");
    }

    @Test
    void noOverlapSkipsWhileTheWorkflowRunsAndCountsTheSkips() {
        FakeTriggerContext ctx = context("expression", "* * * * *", "noOverlap", true);
        CronHandler h = (CronHandler) type.createHandler(ctx);
        h.start();
        ctx.workflowActive = true;
        at("2026-06-01T10:00:00Z");
        at("2026-06-01T10:01:00Z");
        assertThat(ctx.fires()).isEmpty();
        assertThat(h.skippedOverlaps()).isEqualTo(2);
        assertThat(h.nextFireAt()).contains(Instant.parse("2026-06-01T10:02:00Z")); // skipped, not queued
        ctx.workflowActive = false;
        at("2026-06-01T10:02:00Z");
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T10:02:00.000Z");

        FakeTriggerContext overlapping = context("expression", "* * * * *");
        overlapping.workflowActive = true;
        type.createHandler(overlapping).start();
        at("2026-06-01T10:03:00Z");
        assertThat(overlapping.started()).containsExactly("t1@2026-06-01T10:03:00.000Z");
    }

    @Test
    void maxExecutionsCountsFiresAcrossRestarts() {
        FakeTriggerContext ctx = context("expression", "* * * * *", "maxExecutions", 3);
        TriggerHandler first = type.createHandler(ctx);
        first.start();
        at("2026-06-01T10:00:00Z");
        first.stop();
        TriggerHandler second = type.createHandler(ctx); // fireCount 1 from the manager
        second.start();
        at("2026-06-01T10:01:00Z");
        assertThat(second.nextFireAt()).contains(Instant.parse("2026-06-01T10:02:00Z"));
        at("2026-06-01T10:02:00Z");
        assertThat(ctx.started()).hasSize(3);
        assertThat(second.nextFireAt()).isEmpty();
        assertThat(scheduler.size()).isZero();
        at("2026-06-01T10:03:00Z");
        assertThat(ctx.started()).hasSize(3);
        second.stop();

        TriggerHandler third = type.createHandler(ctx);
        clock.advance(Duration.ofHours(1)); // even a missed fire is not made up for
        third.start();
        assertThat(third.nextFireAt()).isEmpty();
        assertThat(ctx.started()).hasSize(3);
        assertThat(scheduler.size()).isZero();
    }

    @Test
    void skippedOverlapsDoNotCountAsExecutions() {
        FakeTriggerContext ctx = context("expression", "* * * * *", "maxExecutions", 1, "noOverlap", true);
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        ctx.workflowActive = true;
        at("2026-06-01T10:00:00Z");
        ctx.workflowActive = false;
        at("2026-06-01T10:01:00Z");
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T10:01:00.000Z");
        assertThat(h.nextFireAt()).isEmpty();
    }

    @Test
    void aFireThatCannotBeRecordedIsReportedAndTheScheduleGoesOn() {
        FakeTriggerContext ctx = context("expression", "* * * * *");
        ctx.failWith = new IllegalStateException("database is locked");
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        at("2026-06-01T10:00:00Z");
        assertThat(ctx.errors()).containsExactly(
                "cron fire 2026-06-01T10:00:00.000Z was not recorded: database is locked");
        assertThat(h.nextFireAt()).contains(Instant.parse("2026-06-01T10:01:00Z"));
        ctx.failWith = null;
        at("2026-06-01T10:01:00Z");
        assertThat(ctx.started()).containsExactly("t1@2026-06-01T10:01:00.000Z");
    }

    @Test
    void startAndStopAreIdempotentAndAStoppedHandlerNeverStarts() {
        FakeTriggerContext ctx = context("expression", "* * * * *");
        TriggerHandler h = type.createHandler(ctx);
        h.start();
        h.start();
        assertThat(scheduler.size()).isEqualTo(1);
        h.stop();
        h.stop();
        assertThat(scheduler.size()).isZero();
        TriggerHandler never = type.createHandler(ctx);
        never.stop();
        never.start();
        assertThat(scheduler.size()).isZero();
        at("2026-06-01T10:00:00Z");
        assertThat(ctx.fires()).isEmpty();
    }
}
