package io.devrig.inbox.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings snoozed items back when their time comes, without a restart: a sweep every
 * {@code pollInterval} (catches everything, also snoozes made by another process), plus
 * one exact wake-up for the earliest due time, re-armed after every sweep and every new
 * snooze. Readers never depend on it: an expired snooze already reads as unread.
 */
final class SnoozeWaker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnoozeWaker.class);

    private final InboxStore store;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> exact;
    private Instant exactAt;

    SnoozeWaker(InboxStore store, Duration pollInterval) {
        this.store = store;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devrig-inbox-snooze");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, pollInterval.toMillis());
        timer.scheduleWithFixedDelay(this::sweep, 0, period, TimeUnit.MILLISECONDS);
    }

    /** A snooze until {@code until} was just made: wake up then if that is earlier than planned. */
    synchronized void snoozed(Instant until) {
        if (exactAt == null || until.isBefore(exactAt)) {
            arm(until);
        }
    }

    /** Wakes due items and re-arms the exact wake-up; never throws (it runs on the timer). */
    void sweep() {
        try {
            int woken = store.wakeDue();
            if (woken > 0) {
                LOG.debug("{} snoozed inbox item(s) came back", woken);
            }
            Optional<Instant> next = store.nextSnoozeDue();
            synchronized (this) {
                if (next.isPresent()) {
                    arm(next.get());
                } else {
                    disarm();
                }
            }
        } catch (RuntimeException e) {
            // the database may be closing; the next sweep tries again
            LOG.warn("Waking snoozed inbox items failed: {}", e.getMessage());
        }
    }

    private void arm(Instant at) {
        disarm();
        if (timer.isShutdown()) {
            return;
        }
        long delay = Math.max(0, Duration.between(store.clock().now(), at).toMillis());
        exactAt = at;
        exact = timer.schedule(this::sweep, delay, TimeUnit.MILLISECONDS);
    }

    private void disarm() {
        if (exact != null) {
            exact.cancel(false);
            exact = null;
            exactAt = null;
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
