package io.devrig.store.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * For other bundles' benchmarks (this module's test-jar): the store's writer without the
 * store. A plain JDBC connection opened exactly as {@link SqliteDatabase} opens its writer,
 * with the same background checkpoints ({@link WalCheckpointer}), so that a plain-loop
 * baseline does the same durable work as the store and differs only in what DevRig adds.
 */
public final class PlainWriter implements AutoCloseable {

    private final Connection connection;
    private final WalCheckpointer checkpointer;

    private PlainWriter(Connection connection, WalCheckpointer checkpointer) {
        this.connection = connection;
        this.checkpointer = checkpointer;
    }

    /** Opens the (already created) database file {@code file} as the store's writer does. */
    public static PlainWriter open(Path file) throws SQLException {
        StoreSettings settings = StoreSettings.defaults(file);
        Connection writer = SqliteDatabase.openConnection(settings, false);
        try {
            SqliteDatabase.execute(writer, "PRAGMA wal_autocheckpoint = 0");
            writer.setAutoCommit(false);
            return new PlainWriter(writer, new WalCheckpointer(SqliteDatabase.openConnection(settings, false), "plain"));
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
    }

    @Override
    public void close() throws SQLException {
        checkpointer.close();
        connection.close();
    }
}
