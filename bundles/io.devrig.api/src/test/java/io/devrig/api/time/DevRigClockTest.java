package io.devrig.api.time;

import static org.assertj.core.api.Assertions.assertThat;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
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

    /** The hand-written format and parse agree with the JDK's on every instant of years 0000-9999. */
    @Test
    void fastPathAgreesWithTheJdk() {
        SplittableRandom random = new SplittableRandom(42);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), random.nextInt(1_000_000_000));
            String jdk = DevRigClock.TIMESTAMP_FORMAT.format(t.truncatedTo(ChronoUnit.MILLIS));
            assertThat(DevRigClock.format(t)).isEqualTo(jdk);
            assertThat(DevRigClock.parse(jdk)).isEqualTo(Instant.parse(jdk));
        }
        for (String edge : new String[] {"1970-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z",
            "2024-02-29T12:00:00.500Z", "2000-12-31T23:59:59.999Z", "0000-01-01T00:00:00.000Z"}) {
            assertThat(DevRigClock.format(Instant.parse(edge))).isEqualTo(edge);
            assertThat(DevRigClock.parse(edge)).isEqualTo(Instant.parse(edge));
        }
    }

    /** Outside the fast path's range the JDK formats (a sign and more digits), as before. */
    @Test
    void yearsBeyondFourDigitsAreTheJdks() {
        Instant far = Instant.parse("+12026-01-01T00:00:00Z");
        assertThat(DevRigClock.format(far)).isEqualTo(DevRigClock.TIMESTAMP_FORMAT.format(far));
        Instant before = Instant.parse("-0001-06-01T00:00:00Z");
        assertThat(DevRigClock.format(before)).isEqualTo(DevRigClock.TIMESTAMP_FORMAT.format(before));
    }

    /** Text of the right length but not a valid timestamp fails (or parses) as Instant.parse does; other ISO forms parse as it does. */
    @Test
    void invalidTextFailsAsTheJdkDoes() {
        for (String bad : new String[] {"2026-02-30T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
            "2026-00-10T00:00:00.000Z", "2026-01-01T24:00:00.000Z", "2026-01-01T10:60:00.000Z",
            "2026-0a-01T00:00:00.000Z", "2026-01-01T00:00:00.0x0Z", "2025-02-29T00:00:00.000Z"}) {
            Instant jdk;
            try {
                jdk = Instant.parse(bad);
            } catch (DateTimeParseException e) {
                assertThatThrownBy(() -> DevRigClock.parse(bad)).as(bad).isInstanceOf(DateTimeParseException.class)
                        .hasMessage(e.getMessage());
                continue;
            }
            assertThat(DevRigClock.parse(bad)).as(bad).isEqualTo(jdk); // e.g. 24:00 is the next day's start
        }
        // the JDK's ISO_INSTANT reads a leap second as the second before
        assertThat(DevRigClock.parse("2026-06-30T23:59:60.000Z")).isEqualTo(Instant.parse("2026-06-30T23:59:60.000Z"));
        assertThat(DevRigClock.parse("2026-11-23T08:15:30Z")).isEqualTo(Instant.parse("2026-11-23T08:15:30Z"));
        assertThat(DevRigClock.parse("2026-11-23T08:15:30.123456Z")).isEqualTo(Instant.parse("2026-11-23T08:15:30.123456Z"));
    }
}
