package io.devrig.store.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Maps SQLite failures onto the DevRig error taxonomy. */
final class SqlErrors {

    private SqlErrors() {
    }

    static DevRigException translate(SQLException e) {
        if (isBusy(e)) {
            return new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT,
                    "the database is locked by another writer; try again", e);
        }
        if (e instanceof SQLiteException se && (se.getResultCode() == SQLiteErrorCode.SQLITE_FULL
                || se.getResultCode() == SQLiteErrorCode.SQLITE_IOERR
                || se.getResultCode() == SQLiteErrorCode.SQLITE_NOMEM)) {
            return new DevRigException(ErrorCodes.DB_ERROR, ErrorCategory.RESOURCE,
                    "database resource failure: " + e.getMessage(), e);
        }
        // SQLite messages name tables, columns and SQL tokens, never bound values.
        return new DevRigException(ErrorCodes.DB_ERROR, ErrorCategory.PERMANENT, "database error: " + e.getMessage(), e);
    }

    static boolean isBusy(SQLException e) {
        if (e instanceof SQLiteException se) {
            SQLiteErrorCode code = se.getResultCode();
            return code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                    || code.name().startsWith("SQLITE_BUSY_") || code.name().startsWith("SQLITE_LOCKED_");
        }
        return false;
    }
}
