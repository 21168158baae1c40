package io.devrig.api.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The database as seen from inside one unit of work.
 *
 * <p>Every value goes in as a bound parameter ({@code ?}), never spliced into
 * SQL text. Accepted parameter types: {@code null}, {@link String}, the integral
 * and floating-point boxes, {@link Boolean} (stored as 0/1), {@code byte[]},
 * {@link java.time.Instant} (stored as a UTC ISO-8601 timestamp),
 * {@link io.devrig.api.id.Ulid} (stored as text) and enums (stored by name).
 * Anything else is refused with an {@link IllegalArgumentException}.
 */
@ProviderType
public interface SqlHandle {

    /** Runs a query and maps every row. */
    <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException;

    /** Runs a query and maps the first row, if any. */
    <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) throws SQLException;

    /** Runs a query whose first column of the first row is an integer (e.g. {@code count(*)}). */
    Optional<Long> queryLong(String sql, Object... params) throws SQLException;

    /** Runs an INSERT, UPDATE or DELETE and returns the number of rows changed. */
    int update(String sql, Object... params) throws SQLException;

    /** Runs one statement once per parameter row, in the current transaction. */
    int[] batch(String sql, List<Object[]> rows) throws SQLException;

    /** Whether this handle may write (false inside {@link Database#read}). */
    boolean writable();

    /**
     * Runs {@code action} once the outermost write transaction this work belongs to has
     * committed and the writer is free again, on the committing thread, in the order the
     * actions were given. It never runs when that transaction rolls back, nor when the
     * nested write (savepoint) it was given in rolls back. For what must follow a commit and
     * must not hold the writer: waking a thread that will write next, posting an event. An
     * exception it throws is logged and does not reach the caller (the work has committed).
     *
     * @throws IllegalStateException inside {@link Database#read}
     * @since 1.1
     */
    void afterCommit(Runnable action);

    /**
     * The underlying connection, for what the methods above do not cover
     * (streaming large results). Do not close it, commit it, or change its
     * settings, and keep binding parameters.
     */
    Connection connection();
}
