package io.devrig.inbox.internal;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the full-text index close behind the items: {@link #changed()} after a commit that
 * changed items schedules one {@link InboxStore#indexChanges()} a short delay later, so
 * the items written meanwhile are indexed together (one index segment for all of them). Runs
 * once at start for the notes a stopped server left. Searches never depend on it: they
 * index what is left first.
 */
final class SearchIndexer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SearchIndexer.class);
    /** How long changes gather before they are indexed together. */
    static final Duration DEFAULT_DELAY = Duration.ofMillis(200);

    private final InboxStore store;
    private final long delayMs;
    private final ScheduledExecutorService thread;
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SearchIndexer(InboxStore store, Duration delay) {
        this.store = store;
        this.delayMs = Math.max(0, delay.toMillis());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "devrig-inbox-index");
            t.setDaemon(true);
            return t;
        });
        scheduled.set(true);
        thread.execute(this::run);
    }

    /** Items changed (committed): index them soon, with whatever else changes meanwhile. */
    void changed() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(this::run, delayMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                scheduled.set(false);
            }
        }
    }

    private void run() {
        scheduled.set(false); // changes committed from now on schedule the next run
        try {
            int applied = store.indexChanges();
            if (applied > 0) {
                LOG.trace("Indexed {} changed inbox item(s)", applied);
            }
        } catch (RuntimeException e) {
            // the database may be closing; the next change, a search or the next start indexes them
            LOG.warn("Indexing changed inbox items failed: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
