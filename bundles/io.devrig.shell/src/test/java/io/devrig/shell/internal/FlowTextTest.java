package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.flow.WorkflowSummary;
import org.junit.jupiter.api.Test;

class FlowTextTest {

    @Test
    void timesAreUtcToTheSecond() {
        assertThat(FlowText.time("2026-11-23T08:00:00.123456Z")).isEqualTo("2026-11-23 08:00:00Z");
        assertThat(FlowText.time("2026-11-23T09:00:00+01:00")).isEqualTo("2026-11-23 08:00:00Z");
        assertThat(FlowText.time("yesterday\u001b[31m")).isEqualTo("yesterday [31m");
        assertThat(FlowText.time(null)).isEqualTo("-");
    }

    @Test
    void durationsReadNaturally() {
        assertThat(FlowText.duration(0L)).isEqualTo("0 ms");
        assertThat(FlowText.duration(999L)).isEqualTo("999 ms");
        assertThat(FlowText.duration(1250L)).isEqualTo("1.3 s");
        assertThat(FlowText.duration(59_949L)).isEqualTo("59.9 s");
        assertThat(FlowText.duration(3_725_000L)).isEqualTo("1 h 2 min");
        assertThat(FlowText.duration(null)).isEqualTo("-");
    }

    @Test
    void errorsAreOneSummaryLine() {
        assertThat(FlowText.error("{\"code\":\"X\",\"category\":\"permanent\",\"message\":\"bad\\nthing\",\"details\":{\"a\":1}}"))
                .isEqualTo("X (permanent): bad thing");
        assertThat(FlowText.error("{\"message\":\"only a message\"}")).isEqualTo("only a message");
        assertThat(FlowText.error("{\"code\":\"X\"}")).isEqualTo("X");
        assertThat(FlowText.error("plain text")).isEqualTo("plain text");
        assertThat(FlowText.error(null)).isEqualTo("-");
    }

    @Test
    void draftStates() {
        assertThat(FlowText.draftState(summary(0, false, false))).isEqualTo("none");
        assertThat(FlowText.draftState(summary(3, true, false))).isEqualTo("same as v3");
        assertThat(FlowText.draftState(summary(3, true, true))).isEqualTo("changed");
        assertThat(FlowText.draftState(summary(0, true, false))).isEqualTo("changed");
        assertThat(FlowText.latest(summary(0, true, false))).isEqualTo("-");
    }

    private static WorkflowSummary summary(int latest, boolean hasDraft, boolean changed) {
        return new WorkflowSummary("w", "W", null, latest, true, hasDraft, changed, null, null);
    }

    @Test
    void truncationKeepsTheWidth() {
        assertThat(FlowText.truncate("abcdef", 6)).isEqualTo("abcdef");
        assertThat(FlowText.truncate("abcdefg", 6)).isEqualTo("abc...");
        assertThat(FlowText.truncate("a\nb", 6)).isEqualTo("a b");
    }
}
