package io.devrig.queue.internal;

import io.devrig.api.queue.JobQueue;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Periodic upkeep on one daemon thread: rescue of jobs whose lease expired (every
 * {@code rescueInterval}, and once at start, which picks up jobs left PROCESSING by a
 * crash) and deletion of completed jobs older than {@code cleanupAfter} (hourly; zero
 * turns it off).
 */
final class Maintenance implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);
    static final Duration CLEANUP_EVERY = Duration.ofHours(1);

    private final JobQueue queue;
    private final ScheduledExecutorService timer;

    Maintenance(JobQueue queue, Duration rescueInterval, Duration cleanupAfter) {
        this.queue = Objects.requireNonNull(queue, "queue");
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "devrig-queue-maintenance");
            t.setDaemon(true);
            return t;
        });
        this.timer = executor;
        executor.scheduleWithFixedDelay(this::rescue, 0, rescueInterval.toMillis(), TimeUnit.MILLISECONDS);
        if (!cleanupAfter.isZero()) {
            executor.scheduleWithFixedDelay(() -> cleanup(cleanupAfter), CLEANUP_EVERY.toMillis() / 60,
                    CLEANUP_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void rescue() {
        try {
            queue.rescueExpired(); // logs what it rescued
        } catch (RuntimeException e) {
            // a busy or closed database: try again next time; never let the schedule die
            LOG.warn("Rescue of expired job leases failed: {}", e.getMessage());
        }
    }

    private void cleanup(Duration olderThan) {
        try {
            queue.cleanup(olderThan);
        } catch (RuntimeException e) {
            LOG.warn("Cleanup of completed jobs failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
