package io.devrig.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class MutableClockTest {

    @Test
    void theTestSetsAndMovesTheTimeInEveryZone() {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-29T00:59:59Z"));
        clock.advanceSeconds(1);
        assertThat(clock.instant()).isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
        clock.advance(Duration.ofMinutes(-2));
        assertThat(clock.millis()).isEqualTo(Instant.parse("2026-03-29T00:58:00Z").toEpochMilli());
        clock.set(Instant.EPOCH);
        assertThat(clock.instant()).isEqualTo(Instant.EPOCH);

        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneId.of("Europe/Berlin"))).as("one time for the whole test").isSameAs(clock);
        assertThatThrownBy(() -> clock.set(null)).isInstanceOf(NullPointerException.class);
    }
}
