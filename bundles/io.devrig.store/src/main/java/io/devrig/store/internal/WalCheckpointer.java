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
 * needs) is copied next time.
 *
 * <p><b>Starting the log again.</b> SQLite writes the log from its beginning again (in place:
 * no file growth, no truncation) when a write transaction begins on a log that is fully
 * copied and no reader uses. Under a steady write load a passive checkpoint never gets there:
 * a transaction is under way whenever it finishes, and appends to the log. So when the log holds
 * more than {@code resetFrames} frames, a second pass runs while the writer waits between two
 * transactions ({@code betweenTransactions}): it copies only what came during the first pass
 * (a few pages, often none), and the next write starts the log again. Before this, the log grew under
 * load until the store's size threshold truncated it from inside a commit ({@code PRAGMA
 * wal_checkpoint(TRUNCATE)}, about 5 % of the writer's time draining the queue); that
 * threshold stays the safety net for a log a long reader keeps from being reset.
 */
final class WalCheckpointer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** Commits that wake the checkpointer at once (a group of them is about 1,000 pages). */
    static final int COMMITS = 100;
    /** The longest a commit's pages wait for their checkpoint. */
    static final long MAX_DELAY_MILLIS = 200;

    /** Runs a task while no write transaction is open (the writer waits meanwhile). */
    interface BetweenTransactions {
        void run(Runnable task) throws InterruptedException;
    }

    private final Connection connection;
    private final BetweenTransactions betweenTransactions;
    private final long resetFrames;
    private final AtomicLong resets = new AtomicLong();
    private final Thread thread;
    private final Object lock = new Object();
    /** Commits since the last checkpoint began; guarded by {@link #lock}. */
    private int commits;
    private volatile boolean closed;
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong pagesCopied = new AtomicLong();
    /** The frames SQLite said were copied at the previous pass (this thread only). */
    private long copiedBefore;

    /**
     * @param betweenTransactions runs the second pass while the writer waits between transactions
     * @param resetFrames         log frames past which the log is brought back to its beginning
     */
    WalCheckpointer(Connection connection, String name, BetweenTransactions betweenTransactions, long resetFrames) {
        this.connection = connection;
        this.betweenTransactions = betweenTransactions;
        this.resetFrames = resetFrames;
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

    /** Second passes that left the log fully copied, so that the next write started it again. */
    long resets() {
        return resets.get();
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

    private void checkpoint() throws InterruptedException {
        long[] first = passive();
        // even a pass that copied everything ran beside a transaction under way, which then
        // appended to the log: only a pass while none is open lets the next write start it again
        if (first == null || first[0] <= resetFrames || closed) {
            return;
        }
        betweenTransactions.run(() -> {
            long[] second = passive();
            if (second != null && second[0] > 0 && second[1] == second[0]) {
                resets.incrementAndGet();
            }
        });
    }

    /** One passive checkpoint: {frames in the log, frames copied}, or null when it did not run. */
    private long[] passive() {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            if (r.next()) {
                checkpoints.incrementAndGet();
                long log = r.getLong(2);
                long copied = r.getLong(3);
                // SQLite reports the frames copied since the log last started (a smaller figure: it
                // started again meanwhile; -1: no log); count what this pass added
                long since = Math.max(0, copied);
                pagesCopied.addAndGet(since >= copiedBefore ? since - copiedBefore : since);
                copiedBefore = since;
                return new long[] {log, copied};
            }
        } catch (SQLException e) {
            if (!closed) {
                LOG.debug("A background WAL checkpoint did not run: {}", e.getMessage());
            }
        }
        return null;
    }

    /** Stops the thread (waiting for a checkpoint under way) and closes its connection. */
    @Override
    public void close() {
        closed = true;
        synchronized (lock) {
            lock.notify();
        }
        thread.interrupt(); // a second pass waiting for the writer (who may be the closer) gives up
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
