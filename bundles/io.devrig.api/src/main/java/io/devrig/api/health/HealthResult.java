package io.devrig.api.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one check found.
 *
 * @param status UP or DOWN
 * @param message a short, human-readable line (never a secret)
 * @param details JSON-compatible values (numbers, strings, lists, maps)
 */
public record HealthResult(HealthStatus status, String message, Map<String, Object> details) {

    public HealthResult {
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static HealthResult up(String message) {
        return new HealthResult(HealthStatus.UP, message, Map.of());
    }

    public static HealthResult down(String message) {
        return new HealthResult(HealthStatus.DOWN, message, Map.of());
    }

    /** This result with extra details. */
    public HealthResult with(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new HealthResult(status, message, more);
    }

    public boolean isUp() {
        return status == HealthStatus.UP;
    }
}
