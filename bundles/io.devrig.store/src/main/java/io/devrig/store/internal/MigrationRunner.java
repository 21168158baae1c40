package io.devrig.store.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database to the latest schema version: each pending migration runs
 * in its own transaction together with the {@code PRAGMA user_version} bump, so
 * a failing script leaves both the schema and the version as they were.
 */
final class MigrationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationRunner.class);
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter BACKUP_STAMP =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private MigrationRunner() {
    }

    /**
     * Reads {@code user_version} straight from the file header (offset 60), without
     * opening the database, so a refusal leaves every byte untouched.
     *
     * @return the version, or -1 when the file does not exist or is empty
     */
    static int userVersionFromHeader(Path file) {
        if (!Files.exists(file)) {
            return -1;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(100);
            if (header.length == 0) {
                return -1;
            }
            if (header.length < 100 || !Arrays.equals(Arrays.copyOf(header, 16), MAGIC)) {
                throw new DevRigException(ErrorCodes.DB_ERROR, ErrorCategory.PERMANENT,
                        "'" + file + "' is not a SQLite database; refusing to open it");
            }
            return (header[60] & 0xFF) << 24 | (header[61] & 0xFF) << 16 | (header[62] & 0xFF) << 8 | (header[63] & 0xFF);
        } catch (IOException e) {
            throw new DevRigException(ErrorCodes.DB_ERROR, ErrorCategory.RESOURCE,
                    "cannot read database file '" + file + "': " + e.getMessage(), e);
        }
    }

    static DevRigException tooNew(Path file, int found, int supported) {
        return new DevRigException(ErrorCodes.DB_SCHEMA_TOO_NEW, ErrorCategory.PERMANENT,
                "database '" + file + "' has schema version " + found + ", newer than the latest version " + supported
                        + " this DevRig knows; it was written by a newer DevRig. Refusing to open it and leaving it"
                        + " unchanged: run that newer DevRig, or restore a backup made for this version.");
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * Copies the database (including what is still in its WAL) to
     * {@code backups/<name>-v<version>-<time>.db} beside it, with {@code VACUUM INTO}.
     */
    static Path backup(Connection connection, Path database, int version, Instant now) throws SQLException {
        Path folder = database.resolveSibling("backups");
        String base = database.getFileName().toString().replaceFirst("\\.db$", "");
        Path target = folder.resolve(base + "-v" + version + "-" + BACKUP_STAMP.format(now) + ".db");
        for (int n = 2; Files.exists(target); n++) {
            target = folder.resolve(base + "-v" + version + "-" + BACKUP_STAMP.format(now) + "-" + n + ".db");
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SQLException("cannot create backup folder " + folder + ": " + e.getMessage(), e);
        }
        // VACUUM INTO attaches the target internally; lift the ATTACH ban for this one statement.
        org.sqlite.SQLiteConnection sqlite = connection.unwrap(org.sqlite.SQLiteConnection.class);
        sqlite.setLimit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_ATTACHED, 1);
        try (PreparedStatement vacuum = connection.prepareStatement("VACUUM INTO ?")) {
            vacuum.setString(1, target.toString());
            vacuum.executeUpdate();
        } finally {
            sqlite.setLimit(org.sqlite.SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
        }
        LOG.info("Backed up database {} (schema version {}) to {} before migrating", database, version, target);
        return target;
    }

    /**
     * Applies the given migrations in order, each atomically. Foreign keys are off while a
     * migration runs (they cannot be switched inside a transaction), so a script may rebuild a
     * table that others reference (SQLite's 12-step ALTER TABLE procedure) without the DROP
     * deleting or nulling anything; {@code PRAGMA foreign_key_check} must then come back empty
     * before the migration commits.
     */
    static void apply(Connection connection, List<Migration> pending) {
        for (Migration migration : pending) {
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("PRAGMA foreign_keys = OFF");
                statement.executeUpdate("BEGIN IMMEDIATE");
                try {
                    statement.executeUpdate(migration.sql());
                    failOnForeignKeyViolation(statement);
                    // the version is a number from our own catalog, not outside input
                    statement.executeUpdate("PRAGMA user_version = " + migration.version());
                    statement.executeUpdate("COMMIT");
                } catch (SQLException e) {
                    rollbackQuietly(statement);
                    throw new DevRigException(ErrorCodes.DB_MIGRATION_FAILED, ErrorCategory.PERMANENT,
                            "migration " + migration.name() + " failed and was rolled back; the database stays at"
                                    + " schema version " + (migration.version() - 1) + ": " + e.getMessage(), e);
                } finally {
                    statement.executeUpdate("PRAGMA foreign_keys = ON");
                }
            } catch (SQLException e) {
                throw SqlErrors.translate(e);
            }
            LOG.info("Applied database migration {} (schema version {})", migration.name(), migration.version());
        }
    }

    private static void failOnForeignKeyViolation(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("PRAGMA foreign_key_check")) {
            if (rs.next()) {
                throw new SQLException("foreign key violation: a row of " + rs.getString(1) + " references a missing row of "
                        + rs.getString(3));
            }
        }
    }

    private static void rollbackQuietly(Statement statement) {
        try {
            statement.executeUpdate("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left to roll back
        }
    }
}
