package io.devrig.trigger.cron.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Fire times as Quartz 2.5 computes them, across the 2026 DST changes of Europe/Berlin
 * (29 March 02:00 → 03:00, 25 October 03:00 → 02:00) and America/New_York (8 March
 * 02:00 → 03:00, 1 November 02:00 → 01:00). These pin the behaviour the README documents.
 */
class CronScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static List<String> fires(String expression, ZoneId zone, String after, int count) {
        CronSchedule s = CronSchedule.of(expression, zone);
        List<String> out = new ArrayList<>();
        Instant t = Instant.parse(after);
        for (int i = 0; i < count; i++) {
            t = s.next(t);
            out.add(t.toString());
        }
        return out;
    }

    @Test
    void berlinSpringForwardSkipsADailyFireInTheMissingHour() {
        // 6 fields: 02:30 local does not exist on 29 March, so that day has no fire at all
        assertThat(fires("0 30 2 * * ?", BERLIN, "2026-03-27T12:00:00Z", 3))
                .containsExactly("2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z");
    }

    @Test
    void berlinSpringForwardEveryHalfHourJumpsFromOneThirtyToThree() {
        // 5 fields: 01:30 CET, then 03:00 CEST (02:00 and 02:30 do not exist)
        assertThat(fires("*/30 * * * *", BERLIN, "2026-03-29T00:00:00Z", 3))
                .containsExactly("2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z");
    }

    @Test
    void berlinFallBackFiresADailyTimeInTheRepeatedHourOnceInItsSecondPass() {
        // 02:30 happens twice on 25 October (00:30Z CEST and 01:30Z CET); Quartz fires once, at the CET one
        assertThat(fires("0 30 2 * * ?", BERLIN, "2026-10-23T12:00:00Z", 3))
                .containsExactly("2026-10-24T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z");
    }

    @Test
    void berlinFallBackEveryHalfHourSkipsTheFirstPassOfTheRepeatedHour() {
        // after 01:30 CEST (23:30Z) Quartz goes on at 02:00 CET (01:00Z): 02:00 and 02:30 CEST get no fire
        assertThat(fires("*/30 * * * *", BERLIN, "2026-10-24T23:00:00Z", 5)).containsExactly(
                "2026-10-24T23:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:00:00Z",
                "2026-10-25T02:30:00Z");
    }

    @Test
    void newYorkSpringForwardSkipsADailyFireInTheMissingHour() {
        // 5 fields, 02:30 daily: 7 March 02:30 EST, none on 8 March, 9 March 02:30 EDT
        assertThat(fires("30 2 * * *", NEW_YORK, "2026-03-07T00:00:00Z", 3))
                .containsExactly("2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z");
    }

    @Test
    void newYorkFallBackFiresTheRepeatedOneThirtyOnce() {
        // 01:30 happens at 05:30Z (EDT) and 06:30Z (EST); one fire, the EST one
        assertThat(fires("30 1 * * *", NEW_YORK, "2026-10-31T12:00:00Z", 2))
                .containsExactly("2026-11-01T06:30:00Z", "2026-11-02T06:30:00Z");
    }

    @Test
    void newYorkFallBackHourlyHasNoFireAtTheFirstOneOClock() {
        // 6 fields, on the hour: 00:00 EDT (04:00Z), then 01:00 EST (06:00Z); 01:00 EDT (05:00Z) is skipped
        assertThat(fires("0 0 * * * ?", NEW_YORK, "2026-11-01T03:30:00Z", 4)).containsExactly(
                "2026-11-01T04:00:00Z", "2026-11-01T06:00:00Z", "2026-11-01T07:00:00Z", "2026-11-01T08:00:00Z");
    }

    @Test
    void theSameLocalTimeIsADifferentInstantPerZone() {
        assertThat(fires("0 9 * * *", BERLIN, "2026-06-01T00:00:00Z", 1)).containsExactly("2026-06-01T07:00:00Z");
        assertThat(fires("0 9 * * *", NEW_YORK, "2026-06-01T00:00:00Z", 1)).containsExactly("2026-06-01T13:00:00Z");
        assertThat(fires("0 9 * * *", ZoneId.of("UTC"), "2026-06-01T00:00:00Z", 1))
                .containsExactly("2026-06-01T09:00:00Z");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "*/15 * * * *      | 0 */15 * * * ?",
        "0 9 * * 1-5       | 0 0 9 ? * 2-6",
        "0 9 * * 5-7       | 0 0 9 ? * 6-1",
        "0 9 * * 0-7       | 0 0 9 ? * 1-7",
        "0 9 * * 0,3,7     | 0 0 9 ? * 1,4,1",
        "0 9 * * 1-5/2     | 0 0 9 ? * 2-6/2",
        "0 9 * * 5#3       | 0 0 9 ? * 6#3",
        "0 9 * * 5L        | 0 0 9 ? * 6L",
        "0 9 * * MON-FRI   | 0 0 9 ? * MON-FRI",
        "0 9 1 * *         | 0 0 9 1 * ?",
        "0 9 L * *         | 0 0 9 L * ?",
        "*/10 * * * * *    | */10 * * * * ?",
        "0 0 9 * * MON-FRI | 0 0 9 ? * MON-FRI",
        "0 0 9 ? * 2       | 0 0 9 ? * 2",
        "0 0 9 1 * ? 2030  | 0 0 9 1 * ? 2030"})
    void fiveFieldsBecomeQuartzAndTheQuestionMarkRuleApplies(String unix, String quartz) {
        assertThat(CronSchedule.toQuartz(unix)).isEqualTo(quartz);
    }

    @Test
    void fiveFieldDaysOfWeekKeepTheirUnixMeaning() {
        assertThat(days("0 9 * * 1-5")).containsExactly(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
                DayOfWeek.THURSDAY, DayOfWeek.FRIDAY, DayOfWeek.MONDAY, DayOfWeek.TUESDAY);
        assertThat(days("0 9 * * 0")).containsOnly(DayOfWeek.SUNDAY);
        assertThat(days("0 9 * * 7")).containsOnly(DayOfWeek.SUNDAY);
        assertThat(days("0 9 * * 6-7")).containsOnly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
        // 6 fields are Quartz's: 2 is Monday there
        assertThat(days("0 0 9 ? * 2")).containsOnly(DayOfWeek.MONDAY);
    }

    private static List<DayOfWeek> days(String expression) {
        // 2026-06-01 is a Monday
        return fires(expression, BERLIN, "2026-05-31T23:00:00Z", 7).stream()
                .map(t -> Instant.parse(t).atZone(BERLIN).getDayOfWeek()).toList();
    }

    @Test
    void unsupportedShapesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> CronSchedule.of("0 9 1 * 1", BERLIN))
                .hasMessageContaining("both day-of-month ('1') and day-of-week ('2')");
        assertThatThrownBy(() -> CronSchedule.of("* * * *", BERLIN)).hasMessageContaining("got 4");
        assertThatThrownBy(() -> CronSchedule.of("0 0 0 0 0 0 0 0", BERLIN)).hasMessageContaining("got 8");
        assertThatThrownBy(() -> CronSchedule.of("61 * * * *", BERLIN)).hasMessageContaining("as Quartz");
        assertThatThrownBy(() -> CronSchedule.of("0 0 9 ? * FOO", BERLIN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latestFindsTheLastFireTimeAfterALongDowntime() {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Instant now = Instant.parse("2026-06-15T10:17:31.400Z");
        for (String e : new String[] {"*/5 * * * * ?", "0 0 * * * ?", "0 30 9 * * MON-FRI", "0 0 0 1 * ?",
            "0 0 12 ? * 2#1", "0 15 10 ? * * 2026"}) {
            CronSchedule s = CronSchedule.of(e, BERLIN);
            Instant after = e.startsWith("*/5") ? now.minus(java.time.Duration.ofDays(2)) : start;
            Instant walked = null;
            for (Instant t = s.next(after); t != null && !t.isAfter(now); t = s.next(t)) {
                walked = t;
            }
            assertThat(s.latest(s.next(after), now)).as(e).isEqualTo(walked);
        }
        CronSchedule hourly = CronSchedule.of("0 * * * *", BERLIN);
        Instant ten = Instant.parse("2026-06-15T10:00:00Z");
        assertThat(hourly.latest(ten, now)).isEqualTo(ten);
        assertThat(hourly.latest(ten, now.plus(java.time.Duration.ofDays(3)))).isEqualTo("2026-06-18T10:00:00Z");
    }
}
