package io.devrig.api.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A snapshot of the queue.
 *
 * @param byStatus jobs per status (every status present, zeros included)
 * @param byType jobs per type and status (only the statuses a type has), types sorted
 * @param scheduled PENDING jobs that are not due yet (delayed, or waiting for a retry)
 * @param oldestPendingAge how long ago the oldest PENDING job was enqueued; zero when none is pending
 * @param at when the snapshot was taken
 */
public record QueueStats(Map<JobStatus, Long> byStatus, Map<String, Map<JobStatus, Long>> byType, long scheduled,
        Duration oldestPendingAge, Instant at) {

    public QueueStats {
        EnumMap<JobStatus, Long> all = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            all.put(s, byStatus.getOrDefault(s, 0L));
        }
        byStatus = Collections.unmodifiableMap(all);
        TreeMap<String, Map<JobStatus, Long>> types = new TreeMap<>();
        byType.forEach((type, counts) -> types.put(type, Collections.unmodifiableMap(
                counts.isEmpty() ? new EnumMap<>(JobStatus.class) : new EnumMap<>(counts))));
        byType = Collections.unmodifiableMap(types);
        Objects.requireNonNull(oldestPendingAge, "oldestPendingAge");
        Objects.requireNonNull(at, "at");
    }

    /** Jobs with this status. */
    public long count(JobStatus status) {
        return byStatus.get(status);
    }

    /** Jobs of this type with this status. */
    public long count(String type, JobStatus status) {
        return byType.getOrDefault(type, Map.of()).getOrDefault(status, 0L);
    }

    /** All jobs in the table. */
    public long total() {
        return byStatus.values().stream().mapToLong(Long::longValue).sum();
    }
}
