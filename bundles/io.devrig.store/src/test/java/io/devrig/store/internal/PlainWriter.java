package io.devrig.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;

/**
 * For other bundles' benchmarks (this module's test-jar): the store's writer without the
 * store. A plain JDBC connection opened exactly as {@link SqliteDatabase} opens its writer,
 * with the same background checkpoints ({@link WalCheckpointer}), so that a plain-loop
 * baseline does the same durable work as the store and differs only in what DevRig adds.
 */
public final class PlainWriter implements AutoCloseable {

    private final Connection connection;
    private final WalCheckpointer checkpointer;
    /**
     * The store's write lock, as this writer's users hold it: always, except for a moment after
     * each commit, where the checkpointer's second pass may come in (not bound to a thread: a
     * benchmark may open the writer on one thread and write on another).
     */
    private final Semaphore writing = new Semaphore(1, true);
    private boolean holding;

    private PlainWriter(Connection connection, Connection checkpoints) {
        this.connection = connection;
        writing.acquireUninterruptibly();
        holding = true;
        this.checkpointer = new WalCheckpointer(checkpoints, "plain", task -> {
            writing.acquire();
            try {
                task.run();
            } finally {
                writing.release();
            }
        }, SqliteDatabase.RESET_FRAMES);
    }

    /** Opens the (already created) database file {@code file} as the store's writer does. */
    public static PlainWriter open(Path file) throws SQLException {
        StoreSettings settings = StoreSettings.defaults(file);
        Connection writer = SqliteDatabase.openConnection(settings, false);
        try {
            SqliteDatabase.execute(writer, "PRAGMA wal_autocheckpoint = 0");
            writer.setAutoCommit(false);
            return new PlainWriter(writer, SqliteDatabase.openConnection(settings, false));
        } catch (SQLException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** The writer, in manual-commit mode; commit through {@link #commit()}. */
    public Connection connection() {
        return connection;
    }

    /** Commits, and tells the checkpointer, as the store's write does. */
    public void commit() throws SQLException {
        connection.commit();
        checkpointer.committed();
        writing.release(); // between two transactions, as the store's writers release its lock
        writing.acquireUninterruptibly();
    }

    /** Log resets by the checkpointer (see {@link SqliteDatabase#walResets()}). */
    public long walResets() {
        return checkpointer.resets();
    }

    @Override
    public void close() throws SQLException {
        if (holding) {
            holding = false;
            writing.release();
        }
        checkpointer.close();
        connection.close();
    }
}
