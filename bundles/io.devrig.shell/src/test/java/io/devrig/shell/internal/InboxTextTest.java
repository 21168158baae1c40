package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.inbox.InboxQuery;
import io.devrig.api.inbox.InboxStatus;
import io.devrig.api.inbox.Priority;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class InboxTextTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static String error(ThrowingCallable call) {
        CommandException e = catchThrowableOfType(CommandException.class, call);
        assertThat(e).as("refused").isNotNull();
        return e.getNiceHelp();
    }

    @Test
    void statusesByJsonNameRepeatedOrCommaSeparated() throws Exception {
        assertThat(InboxText.statuses(null)).isEmpty();
        assertThat(InboxText.statuses(List.of("unread", " Snoozed ,read", "unread", ""))).containsExactly(
                InboxStatus.UNREAD, InboxStatus.SNOOZED, InboxStatus.READ);
        assertThat(error(() -> InboxText.statuses(List.of("unread", "done"))))
                .isEqualTo("Error: unknown status 'done'; use one of: unread, read, archived, snoozed");
        assertThat(InboxText.statusNames()).isEqualTo(String.join(", ",
                Arrays.stream(InboxStatus.values()).map(InboxStatus::json).toList()));
    }

    @Test
    void prioritiesByJsonName() throws Exception {
        assertThat(InboxText.priorities(List.of("URGENT,low"))).containsExactly(Priority.URGENT, Priority.LOW);
        assertThat(error(() -> InboxText.priorities(List.of("critical"))))
                .isEqualTo("Error: unknown priority 'critical'; use one of: urgent, high, normal, low");
        assertThat(error(() -> InboxText.priorities(List.of("hi\u001bgh")))).isEqualTo(
                "Error: unknown priority 'hi gh'; use one of: urgent, high, normal, low");
    }

    @Test
    void ordersByName() throws Exception {
        assertThat(InboxText.order(null)).isNull();
        assertThat(InboxText.order("Priority")).isEqualTo(InboxQuery.Order.PRIORITY);
        assertThat(InboxText.order("updated")).isEqualTo(InboxQuery.Order.UPDATED);
        assertThat(error(() -> InboxText.order("oldest")))
                .isEqualTo("Error: unknown order 'oldest'; use one of: created, updated, priority");
    }

    @Test
    void typesAndIdsKeepTheirTextButNotBlanksOrRepeats() {
        assertThat(InboxText.types(Arrays.asList(" pull_request ", null, "a,b", "pull_request", " ")))
                .containsExactly("pull_request", "a,b");
        assertThat(InboxText.ids(null)).isEmpty();
    }

    @Test
    void relativeTimesCountFromNow() throws Exception {
        assertThat(InboxText.until("30m", NOW, BERLIN)).isEqualTo(Instant.parse("2026-11-23T08:30:00Z"));
        assertThat(InboxText.until("2h", NOW, BERLIN)).isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
        assertThat(InboxText.until(" 1D ", NOW, BERLIN)).isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
        assertThat(InboxText.until("2w", NOW, BERLIN)).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(InboxText.until("0m", NOW, BERLIN)).isEqualTo(NOW);
    }

    @Test
    void tomorrowIsNineOClockTheNextDayInTheZone() throws Exception {
        assertThat(InboxText.until("tomorrow", NOW, BERLIN)).isEqualTo(Instant.parse("2026-11-24T08:00:00Z"));
        assertThat(InboxText.until("Tomorrow", NOW, ZoneOffset.UTC)).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
        // 23:30 UTC is 00:30 the next day in Berlin: tomorrow is the day after that there
        assertThat(InboxText.until("tomorrow", Instant.parse("2026-11-23T23:30:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-11-25T08:00:00Z"));
        // summer time: Berlin is UTC+2
        assertThat(InboxText.until("tomorrow", Instant.parse("2026-07-01T12:00:00Z"), BERLIN))
                .isEqualTo(Instant.parse("2026-07-02T07:00:00Z"));
    }

    @Test
    void isoTimesWithOrWithoutAnOffset() throws Exception {
        assertThat(InboxText.until("2026-11-30T12:00:00Z", NOW, BERLIN)).isEqualTo(Instant.parse("2026-11-30T12:00:00Z"));
        assertThat(InboxText.until("2026-11-30T12:00:00.5Z", NOW, BERLIN)).isEqualTo(Instant.parse("2026-11-30T12:00:00.500Z"));
        assertThat(InboxText.until("2026-11-30T12:00+01:00", NOW, BERLIN)).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
        assertThat(InboxText.until("2026-11-30T12:00", NOW, BERLIN)).isEqualTo(Instant.parse("2026-11-30T11:00:00Z"));
        assertThat(InboxText.until("2020-01-01T00:00:00Z", NOW, BERLIN)).as("the past is the caller's to refuse")
                .isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    }

    @Test
    void anythingElseIsRefusedWithTheFormsThatWork() {
        for (String bad : Arrays.asList("soon", "", null, "2h30m", "1y", "-1h", "1234567m", "2026-11-30", "30 minutes")) {
            assertThat(error(() -> InboxText.until(bad, NOW, BERLIN))).as(bad).startsWith("Error: cannot read the time '")
                    .endsWith("'; give an ISO-8601 time (2026-11-24T09:00:00Z), a duration (30m, 2h, 1d, 1w) or tomorrow");
        }
    }

    @Test
    void instantsShowUtcAndTheLocalTime() {
        Instant t = Instant.parse("2026-11-24T08:00:00Z");
        assertThat(InboxText.instant(t, BERLIN)).isEqualTo("2026-11-24 08:00:00Z (2026-11-24 09:00 Europe/Berlin)");
        assertThat(InboxText.instant(t, ZoneOffset.UTC)).isEqualTo("2026-11-24 08:00:00Z");
        assertThat(InboxText.instant(t, ZoneId.of("UTC"))).isEqualTo("2026-11-24 08:00:00Z");
    }

    @Test
    void blocksKeepLinesAndTabsOnly() {
        assertThat(InboxText.block("a\r\nb\u001b[1m\tc\u0085\n")).isEqualTo("a\nb [1m\tc");
        assertThat(InboxText.block(null)).isEmpty();
    }
}
