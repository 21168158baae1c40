package io.devrig.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.sync.QuietHours;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DueAndGateTest {

    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    @Test
    void dueOnlyWhenEnabledAvailableIdleAndTimeReached() {
        assertThat(SyncPolicy.isDue(true, true, false, NOW, null, NOW)).isTrue();
        assertThat(SyncPolicy.isDue(true, true, false, null, null, NOW)).isTrue();
        assertThat(SyncPolicy.isDue(true, true, false, NOW.plusSeconds(1), null, NOW)).isFalse();
        assertThat(SyncPolicy.isDue(false, true, false, NOW, null, NOW)).isFalse();
        assertThat(SyncPolicy.isDue(true, false, false, NOW, null, NOW)).isFalse();
        assertThat(SyncPolicy.isDue(true, true, true, NOW, null, NOW)).isFalse();
        assertThat(SyncPolicy.isDue(true, true, false, NOW, new QuietHours("11:00", "13:00", "UTC"), NOW)).isFalse();
    }

    @Test
    void gateAdmitsAtMostLimit() {
        ConcurrencyGate g = new ConcurrencyGate(2);
        assertThat(g.tryEnter()).isTrue();
        assertThat(g.tryEnter()).isTrue();
        assertThat(g.tryEnter()).isFalse();
        g.exit();
        assertThat(g.tryEnter()).isTrue();
        assertThatThrownBy(() -> new ConcurrencyGate(0)).hasMessageContaining("at least 1");
    }
}
