package io.devrig.store.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.store.Database;
import io.devrig.api.store.SqlWork;
import io.devrig.api.time.DevRigClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/**
 * The SQLite database: one writer connection used by one thread at a time, and
 * a pool of read-only connections that read in parallel (WAL lets them see the
 * last committed state while a write is running). Plain Java, so it is unit
 * tested without a framework; {@link DatabaseComponent} publishes it.
 */
public final class SqliteDatabase implements Database, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final long READER_WAIT_SECONDS = 30;

    private final StoreSettings settings;
    private final Connection writer;
    private final List<Connection> readerConnections;
    private final BlockingQueue<Connection> idleReaders;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ThreadLocal<Transaction> currentWrite = new ThreadLocal<>();
    private final int schemaVersion;
    private final Path backup;
    private final Path walFile;
    private final AtomicInteger walCheckpoints = new AtomicInteger();
    /** Each connection's prepared statements; fixed at open. */
    private final Map<Connection, StatementCache> caches = new IdentityHashMap<>();
    /** Checkpoints the WAL beside the writer, whose automatic checkpoint is off. */
    private final WalCheckpointer checkpointer;
    private volatile boolean closed;

    private SqliteDatabase(StoreSettings settings, Connection writer, List<Connection> readers, int schemaVersion,
            Path backup, Connection checkpoints, long resetFrames) {
        this.settings = settings;
        this.writer = writer;
        this.readerConnections = readers;
        this.idleReaders = new ArrayBlockingQueue<>(readers.size(), true, readers);
        caches.put(writer, new StatementCache(writer));
        readers.forEach(r -> caches.put(r, new StatementCache(r)));
        this.schemaVersion = schemaVersion;
        this.backup = backup;
        this.walFile = settings.path().resolveSibling(settings.path().getFileName() + "-wal");
        // last: its thread may use the write lock at once
        this.checkpointer = new WalCheckpointer(checkpoints, settings.path().getFileName().toString(),
                this::betweenTransactions, resetFrames);
    }

    /** SQLite's default page size, which DevRig's files keep. */
    static final long PAGE_BYTES = 4096;

    /** Runs the checkpointer's second pass holding the write lock (fair: it queues with the writers). */
    private void betweenTransactions(Runnable task) throws InterruptedException {
        writeLock.lockInterruptibly();
        try {
            if (!closed) {
                task.run();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Opens (creating if needed) and migrates the database.
     *
     * @throws DevRigException {@code DB_SCHEMA_TOO_NEW} when the file was written by a newer
     *         DevRig (the file is left untouched), {@code DB_MIGRATION_FAILED} when a migration
     *         fails (it is rolled back), {@code DB_ERROR} otherwise
     */
    public static SqliteDatabase open(StoreSettings settings, MigrationCatalog catalog, DevRigClock clock) {
        return open(settings, catalog, clock,
                Math.min(RESET_FRAMES, Math.max(1, settings.walCheckpointThresholdBytes() / 4 / PAGE_BYTES)));
    }

    /**
     * Log frames (of 4 KiB pages: 16 MiB) past which the background checkpointer brings the log
     * back to its beginning (see {@link WalCheckpointer}); at most a quarter of the size threshold.
     */
    static final long RESET_FRAMES = 4_096;

    /** As {@link #open(StoreSettings, MigrationCatalog, DevRigClock)}; tests of the size threshold turn resets off. */
    static SqliteDatabase open(StoreSettings settings, MigrationCatalog catalog, DevRigClock clock, long resetFrames) {
        Path path = settings.path();
        int latest = catalog.latestVersion();
        // Refuse a newer database before SQLite touches it (opening in WAL mode writes to it).
        int headerVersion = MigrationRunner.userVersionFromHeader(path);
        if (headerVersion > latest) {
            throw MigrationRunner.tooNew(path, headerVersion, latest);
        }
        boolean existed = headerVersion >= 0;
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new DevRigException(ErrorCodes.DB_ERROR, ErrorCategory.RESOURCE,
                    "cannot create the database folder for '" + path + "': " + e.getMessage(), e);
        }
        Connection writer = null;
        List<Connection> readers = new ArrayList<>();
        try {
            writer = openConnection(settings, false);
            int current = MigrationRunner.userVersion(writer); // after WAL recovery: the real version
            if (current > latest) {
                throw MigrationRunner.tooNew(path, current, latest);
            }
            List<Migration> pending = catalog.pendingAfter(current);
            Path backup = null;
            if (!pending.isEmpty() && existed) {
                backup = MigrationRunner.backup(writer, path, current, clock.now());
            }
            MigrationRunner.apply(writer, pending);
            for (int i = 0; i < settings.readerConnections(); i++) {
                readers.add(openConnection(settings, true));
            }
            // checkpoints from here on run on their own connection, never inside a commit
            execute(writer, "PRAGMA wal_autocheckpoint = 0");
            Connection checkpoints = openConnection(settings, false);
            LOG.info("Opened database {} at schema version {} ({} migration(s) applied, synchronous={})", path,
                    latest, pending.size(), settings.fullSync() ? "FULL" : "NORMAL");
            return new SqliteDatabase(settings, writer, readers, latest, backup, checkpoints, resetFrames);
        } catch (SQLException e) {
            closeAll(writer, readers);
            throw SqlErrors.translate(e);
        } catch (RuntimeException e) {
            closeAll(writer, readers);
            throw e;
        }
    }

    /** Opens one connection with the pragmas of the seed architecture §10.2. */
    static Connection openConnection(StoreSettings settings, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(StoreSettings.BUSY_TIMEOUT_MS);
        config.enableLoadExtension(false);
        // the driver's default runs "SELECT last_insert_rowid()" after every INSERT, in a new
        // statement, for getGeneratedKeys(), which nothing here calls: a second statement per insert
        config.setGetGeneratedKeys(false);
        if (!readOnly) {
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        }
        // sqlite-jdbc is used directly, not through DriverManager (no ServiceLoader in OSGi)
        Connection connection = config.createConnection("jdbc:sqlite:" + settings.path());
        try (Statement s = connection.createStatement()) {
            s.execute("PRAGMA synchronous = " + (settings.fullSync() ? "FULL" : "NORMAL"));
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA busy_timeout = " + StoreSettings.BUSY_TIMEOUT_MS);
            s.execute("PRAGMA cache_size = -" + StoreSettings.CACHE_SIZE_KIB);
            s.execute("PRAGMA mmap_size = " + StoreSettings.MMAP_SIZE_BYTES);
            if (readOnly) {
                s.execute("PRAGMA query_only = ON");
            } else {
                s.execute("PRAGMA wal_autocheckpoint = " + StoreSettings.WAL_AUTOCHECKPOINT_PAGES);
            }
            // No ATTACH: every statement sees exactly this database and no other file.
            connection.unwrap(SQLiteConnection.class).setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    @Override
    public <T> T read(SqlWork<T> work) {
        Transaction joined = currentWrite.get();
        if (joined != null) {
            return joined.run(work); // a read inside a write sees the write's own changes
        }
        ensureOpen();
        Connection connection;
        try {
            connection = idleReaders.poll(READER_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "interrupted waiting for a database reader", e);
        }
        if (connection == null) {
            throw new DevRigException(ErrorCodes.DB_BUSY, ErrorCategory.TRANSIENT,
                    "no database reader became free within " + READER_WAIT_SECONDS + " s");
        }
        try {
            ensureOpen();
            // one snapshot for the whole unit of work
            StatementCache cache = caches.get(connection);
            cache.execute("BEGIN");
            try {
                return new Transaction(cache, false).run(work);
            } finally {
                rollbackQuietly(cache); // read-only: ending the snapshot is all that is needed
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        } finally {
            idleReaders.offer(connection);
        }
    }

    @Override
    public <T> T write(SqlWork<T> work) {
        Transaction joined = currentWrite.get();
        if (joined != null) {
            return joined.savepoint(work);
        }
        ensureOpen();
        Transaction committed = null;
        writeLock.lock();
        try {
            ensureOpen();
            StatementCache cache = caches.get(writer);
            cache.execute("BEGIN IMMEDIATE");
            Transaction transaction = new Transaction(cache, true);
            currentWrite.set(transaction);
            T result;
            try {
                result = transaction.run(work);
            } catch (RuntimeException | Error e) {
                rollbackQuietly(cache);
                throw e;
            } finally {
                currentWrite.remove();
            }
            try {
                cache.execute("COMMIT");
            } catch (SQLException e) {
                rollbackQuietly(cache);
                throw e;
            }
            commits++;
            checkpointer.committed();
            checkpointIfWalTooLarge();
            committed = transaction;
            return result;
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        } finally {
            writeLock.unlock();
            if (committed != null) {
                committed.runAfterCommit();
            }
        }
    }

    /** Commits made since the database was opened; written with the write lock held, read without. */
    private volatile long commits;

    /** Commits made since the database was opened (tests and benchmarks count transactions). */
    public long commits() {
        return commits;
    }

    /** Commits between two looks at the WAL's size: a safety net needs no two system calls on every commit. */
    static final int WAL_SIZE_CHECK_EVERY = 32;
    /** Commits since the last look; touched with the write lock held. */
    private int commitsSinceWalCheck;

    /** Called with the write lock held, after a commit. */
    private void checkpointIfWalTooLarge() {
        if (++commitsSinceWalCheck < WAL_SIZE_CHECK_EVERY) {
            return;
        }
        commitsSinceWalCheck = 0;
        long size;
        try {
            size = Files.exists(walFile) ? Files.size(walFile) : 0;
        } catch (IOException e) {
            return;
        }
        if (size <= settings.walCheckpointThresholdBytes()) {
            return;
        }
        try (Statement s = writer.createStatement();
                java.sql.ResultSet r = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            boolean blocked = r.next() && r.getInt(1) != 0; // a reader still needed the log: not truncated
            walCheckpoints.incrementAndGet();
            // debug: under a steady write load the log is never reset by the background checkpoints
            // alone, and this runs about once a second (an INFO line each time was noise)
            LOG.debug("{} the write-ahead log of {} ({} bytes > threshold {} bytes)",
                    blocked ? "Checkpointed (a reader kept it from being truncated)" : "Checkpointed and truncated",
                    settings.path(), size, settings.walCheckpointThresholdBytes());
        } catch (SQLException e) {
            LOG.warn("WAL checkpoint of {} failed: {}", settings.path(), e.getMessage());
        }
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public Path path() {
        return settings.path();
    }

    /** The backup made before this open's migrations, or null when none was needed. */
    public Path backupFile() {
        return backup;
    }

    /** How often the background checkpointer brought the log back to its beginning. */
    public long walResets() {
        return checkpointer.resets();
    }

    /** How many checkpoints the background checkpointer has done, and the pages they copied. */
    public long backgroundCheckpoints() {
        return checkpointer.checkpoints();
    }

    public long backgroundCheckpointPages() {
        return checkpointer.pagesCopied();
    }

    /** How many WAL checkpoints the size threshold has triggered. */
    public int walCheckpointCount() {
        return walCheckpoints.get();
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Waits for running work to finish, then closes every connection (SQLite checkpoints the WAL on the last close). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writeLock.lock();
        try {
            // wait until readers in use come back (up to the reader wait time each)
            for (int i = 0; i < readerConnections.size(); i++) {
                try {
                    idleReaders.poll(READER_WAIT_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            checkpointer.close();
            caches.values().forEach(StatementCache::closeAll);
            closeAll(null, readerConnections);
            try (Statement s = writer.createStatement()) {
                s.execute("PRAGMA optimize");
            } catch (SQLException e) {
                LOG.debug("PRAGMA optimize failed on close: {}", e.getMessage());
            }
            closeAll(writer, List.of());
            LOG.info("Closed database {}", settings.path());
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DevRigException(ErrorCodes.DB_UNAVAILABLE, ErrorCategory.TRANSIENT, "the database is closed");
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private static void rollbackQuietly(StatementCache cache) {
        try {
            cache.execute("ROLLBACK");
        } catch (SQLException ignored) {
            // nothing to roll back: the transaction already ended
        }
    }

    private static void closeAll(Connection writer, List<Connection> readers) {
        for (Connection c : readers) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("closing reader failed: {}", e.getMessage());
            }
        }
        if (writer != null) {
            try {
                writer.close();
            } catch (SQLException e) {
                LOG.debug("closing writer failed: {}", e.getMessage());
            }
        }
    }

    /** A running unit of work on one connection; nested writes become savepoints. */
    private static final class Transaction {
        private final StatementCache statements;
        private final SqliteHandle handle;
        private int savepoints;

        Transaction(StatementCache statements, boolean writable) {
            this.statements = statements;
            this.handle = new SqliteHandle(statements, writable);
        }

        <T> T run(SqlWork<T> work) {
            try {
                return work.apply(handle);
            } catch (SQLException e) {
                throw SqlErrors.translate(e);
            }
        }

        /** After the commit, with the writer released: each action, a failure logged and contained. */
        void runAfterCommit() {
            List<Runnable> actions = handle.afterCommitActions();
            if (actions == null || actions.isEmpty()) {
                return;
            }
            for (Runnable action : List.copyOf(actions)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("An after-commit action failed: {}", e.toString());
                }
            }
        }

        <T> T savepoint(SqlWork<T> work) {
            String name = "devrig_sp" + (++savepoints);
            List<Runnable> actions = handle.afterCommitActions();
            int actionsBefore = actions == null ? 0 : actions.size();
            try {
                // cached like any statement: a nested write (a queue job enqueued with a run) is common
                statements.execute("SAVEPOINT " + name);
                try {
                    T result = run(work);
                    statements.execute("RELEASE " + name);
                    return result;
                } catch (RuntimeException | Error e) {
                    statements.execute("ROLLBACK TO " + name);
                    statements.execute("RELEASE " + name);
                    if (actions != null) {
                        actions.subList(actionsBefore, actions.size()).clear(); // their writes are undone
                    }
                    throw e;
                }
            } catch (SQLException e) {
                throw SqlErrors.translate(e);
            } finally {
                savepoints--;
            }
        }
    }
}
