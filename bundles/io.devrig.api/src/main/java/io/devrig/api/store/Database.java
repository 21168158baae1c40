package io.devrig.api.store;

import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * DevRig's embedded database (SQLite in WAL mode), published by the store bundle
 * once the file is open and migrated to the latest schema.
 *
 * <p>Callers never hold connections. A unit of work receives a {@link SqlHandle}
 * that is valid only while the work runs:
 * <ul>
 * <li>{@link #read} runs on one of several read-only connections; many reads run
 * in parallel, also while a write is in progress (they see the last committed
 * state).</li>
 * <li>{@link #write} runs in a transaction on the single writer connection; writes
 * are serialized. The transaction commits when the work returns and rolls back
 * when it throws. A write (or read) started from inside a write on the same
 * thread joins the running transaction.</li>
 * </ul>
 *
 * <p>Failures surface as {@link io.devrig.api.error.DevRigException} with code
 * {@code DB_BUSY} (transient) or {@code DB_ERROR} (permanent); the exception a
 * work unit throws itself is rethrown unchanged after the rollback.
 */
@ProviderType
public interface Database {

    /** Runs read-only work and returns its result. */
    <T> T read(SqlWork<T> work);

    /** Runs work in a write transaction and returns its result. */
    <T> T write(SqlWork<T> work);

    /** The schema version the database is at ({@code PRAGMA user_version}). */
    int schemaVersion();

    /** The database file. */
    Path path();
}
