package io.devrig.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.sync.QuietHours;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncPolicyTest {

    @Test
    void backoffDoublesFromOneMinuteCappedAtOneHour() {
        long[] expectMin = {1, 2, 4, 8, 16, 32, 60, 60, 60};
        for (int i = 0; i < expectMin.length; i++) {
            assertThat(SyncPolicy.backoffMs(i + 1, null)).as("failure %d", i + 1).isEqualTo(expectMin[i] * 60_000L);
        }
        assertThat(SyncPolicy.backoffMs(1000, null)).isEqualTo(3_600_000L);
    }

    @Test
    void retryAfterRaisesButNeverLowersTheDelay() {
        DevRigException e = new DevRigException(DevRigError.of("RATE_LIMITED", ErrorCategory.TRANSIENT, "slow down")
                .withDetails(Map.of("retryAfterMs", 600_000L)));
        Long ra = SyncPolicy.retryAfter(e);
        assertThat(ra).isEqualTo(600_000L);
        assertThat(SyncPolicy.backoffMs(1, ra)).isEqualTo(600_000L);
        assertThat(SyncPolicy.backoffMs(7, ra)).isEqualTo(3_600_000L);
        assertThat(SyncPolicy.retryAfter(new RuntimeException("x"))).isNull();
    }

    @Test
    void intervalsUseOverrideThenDefaultAndNeverGoBelowMinimum() {
        assertThat(SyncPolicy.effectiveInterval(null, null)).isEqualTo(300_000L);
        assertThat(SyncPolicy.effectiveInterval(null, 5_000L)).isEqualTo(30_000L);
        assertThat(SyncPolicy.effectiveInterval(120_000L, 60_000L)).isEqualTo(120_000L);
        assertThatThrownBy(() -> SyncPolicy.validateInterval(29_999L))
                .isInstanceOf(DevRigException.class).hasMessageContaining("$.intervalMs");
    }

    @Test
    void quietHoursWrapMidnightInTheirZone() {
        QuietHours q = new QuietHours("22:00", "07:00", "Europe/Berlin");
        // Berlin is UTC+1 in January
        assertThat(SyncPolicy.inQuietHours(q, Instant.parse("2026-01-10T21:30:00Z"))).isTrue();
        assertThat(SyncPolicy.inQuietHours(q, Instant.parse("2026-01-10T05:59:00Z"))).isTrue();
        assertThat(SyncPolicy.inQuietHours(q, Instant.parse("2026-01-10T06:00:00Z"))).isFalse();
        assertThat(SyncPolicy.inQuietHours(q, Instant.parse("2026-01-10T20:59:00Z"))).isFalse();
        QuietHours day = new QuietHours("09:00", "17:00", "America/New_York");
        assertThat(SyncPolicy.inQuietHours(day, Instant.parse("2026-01-10T14:00:00Z"))).isTrue();
        assertThat(SyncPolicy.inQuietHours(day, Instant.parse("2026-01-10T22:00:00Z"))).isFalse();
        assertThat(SyncPolicy.inQuietHours(null, Instant.now())).isFalse();
    }

    @Test
    void badQuietHoursAreRejectedWithPath() {
        assertThatThrownBy(() -> SyncPolicy.validate(new QuietHours("25:00", "07:00", "UTC")))
                .hasMessageContaining("$.quietHours.start");
        assertThatThrownBy(() -> SyncPolicy.validate(new QuietHours("22:00", "7", "UTC")))
                .hasMessageContaining("$.quietHours.end");
        assertThatThrownBy(() -> SyncPolicy.validate(new QuietHours("22:00", "07:00", "Mars/Base")))
                .hasMessageContaining("$.quietHours.zone");
    }
}
