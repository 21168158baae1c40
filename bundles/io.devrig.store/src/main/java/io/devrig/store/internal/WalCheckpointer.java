package io.devrig.store.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the write-ahead log back into the database file on its own thread and connection,
 * so that no commit pays for it. SQLite's automatic checkpoint runs inside the COMMIT that
 * crosses its page count: that writer then copies about 4 MB and syncs both files while it
 * holds the only write lock, and every other writer waits. A PASSIVE checkpoint here runs
 * beside the writer (SQLite lets one checkpointer and one writer work at once) and never
 * waits for readers; the writer's automatic checkpoint is off while this runs.
 *
 * <p>It runs when the writer has committed at least {@link #COMMITS} times, or some commits
 * are older than {@link #MAX_DELAY_MILLIS}. What it cannot copy (frames a reader still
 * needs) is copied next time; the store's size threshold ({@code PRAGMA
 * wal_checkpoint(TRUNCATE)} on the writer) stays the safety net for a log that grows anyway.
 */
final class WalCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** Commits that wake the checkpointer at once (a group of them is about 1,000 pages). */
    static final int COMMITS = 100;
    /** The longest a commit's pages wait for their checkpoint. */
    static final long MAX_DELAY_MILLIS = 200;

    private final Connection connection;
    private final Thread thread;
    private final Object lock = new Object();
    /** Commits since the last checkpoint began; guarded by {@link #lock}. */
    private int commits;
    private volatile boolean closed;
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong pagesCopied = new AtomicLong();

    WalCheckpointer(Connection connection, String name) {
        this.connection = connection;
        this.thread = new Thread(this::run, "devrig-store-checkpoint-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The writer committed (called with the write lock held: no blocking, no I/O). */
    void committed() {
        synchronized (lock) {
            if (++commits >= COMMITS) {
                lock.notify();
            }
        }
    }

    /** Checkpoints done, and WAL pages they copied into the database file. */
    long checkpoints() {
        return checkpoints.get();
    }

    long pagesCopied() {
        return pagesCopied.get();
    }

    private void run() {
        while (!closed) {
            try {
                synchronized (lock) {
                    if (commits < COMMITS) {
                        lock.wait(MAX_DELAY_MILLIS);
                    }
                    if (commits == 0 || closed) {
                        continue;
                    }
                    commits = 0;
                }
                checkpoint();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void checkpoint() {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (r.next()) {
                checkpoints.incrementAndGet();
                pagesCopied.addAndGet(Math.max(0, r.getLong(3)));
            }
        } catch (SQLException e) {
            if (!closed) {
                LOG.debug("A background WAL checkpoint did not run: {}", e.getMessage());
            }
        }
    }

    /** Stops the thread (waiting for a checkpoint under way) and closes its connection. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notify();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the checkpoint connection failed: {}", e.getMessage());
        }
    }
}
