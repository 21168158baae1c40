package io.devrig.api.health;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of running all checks: UP only when every check is UP.
 *
 * @param status the overall state
 * @param checks one entry per check, sorted by name
 */
public record HealthReport(HealthStatus status, List<Check> checks) {

    public HealthReport {
        Objects.requireNonNull(status, "status");
        checks = List.copyOf(checks);
    }

    /** The report of a single named check. */
    public record Check(String name, HealthStatus status, String message, Map<String, Object> details) {
        public Check {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(status, "status");
            message = message == null ? "" : message;
            details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(details));
        }
    }

    /** Builds a report whose status is UP exactly when all checks are UP. */
    public static HealthReport of(List<Check> checks) {
        boolean up = checks.stream().allMatch(c -> c.status() == HealthStatus.UP);
        return new HealthReport(up ? HealthStatus.UP : HealthStatus.DOWN, checks);
    }

    public boolean isUp() {
        return status == HealthStatus.UP;
    }

    /** The checks that are DOWN. */
    public List<Check> failing() {
        return checks.stream().filter(c -> c.status() != HealthStatus.UP).toList();
    }
}
