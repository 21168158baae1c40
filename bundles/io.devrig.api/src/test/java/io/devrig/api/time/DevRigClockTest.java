package io.devrig.api.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DevRigClockTest {

    @Test
    void formatsUtcWithMillisecondsAndParsesBack() {
        Instant t = Instant.parse("2026-11-23T08:15:30.123456Z");
        assertThat(DevRigClock.format(t)).isEqualTo("2026-11-23T08:15:30.123Z");
        assertThat(DevRigClock.parse("2026-11-23T08:15:30.123Z")).isEqualTo(Instant.parse("2026-11-23T08:15:30.123Z"));
        DevRigClock fixed = () -> t;
        assertThat(fixed.timestamp()).isEqualTo("2026-11-23T08:15:30.123Z");
        assertThat(fixed.millis()).isEqualTo(t.toEpochMilli());
    }

    @Test
    void textOrderIsTimeOrder() {
        String a = DevRigClock.format(Instant.parse("2026-01-01T00:00:00Z"));
        String b = DevRigClock.format(Instant.parse("2026-01-01T00:00:00.001Z"));
        assertThat(a).isLessThan(b);
    }
}
