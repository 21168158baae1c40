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
            Path backup, WalCheckpointer checkpointer) {
        this.checkpointer = checkpointer;
        this.settings = settings;
        this.writer = writer;
        this.readerConnections = readers;
        this.idleReaders = new ArrayBlockingQueue<>(readers.size(), true, readers);
        caches.put(writer, new StatementCache(writer));
        readers.forEach(r -> caches.put(r, new StatementCache(r)));
        this.schemaVersion = schemaVersion;
        this.backup = backup;
        this.walFile = settings.path().resolveSibling(settings.path().getFileName() + "-wal");
    }

    /**
     * Opens (creating if needed) and migrates the database.
     *
     * @throws DevRigException {@code DB_SCHEMA_TOO_NEW} when the file was written by a newer
     *         DevRig (the file is left untouched), {@code DB_MIGRATION_FAILED} when a migration
     *         fails (it is rolled back), {@code DB_ERROR} otherwise
     */
    public static SqliteDatabase open(StoreSettings settings, MigrationCatalog catalog, DevRigClock clock) {
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
            WalCheckpointer checkpointer = new WalCheckpointer(openConnection(settings, false),
                    path.getFileName().toString());
            LOG.info("Opened database {} at schema version {} ({} migration(s) applied, synchronous={})", path,
                    latest, pending.size(), settings.fullSync() ? "FULL" : "NORMAL");
            return new SqliteDatabase(settings, writer, readers, latest, backup, checkpointer);
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

    /**
     * A write transaction shared by writes of several threads (group commit): the writer
     * that finishes its work while others wait for the writer hands the open transaction
     * to the next one instead of committing it; the last one commits for all. Guarded by
     * {@link #writeLock}, except {@link #outcome}, which members wait for.
     */
    private static final class Group {
        /** When its first member began to wait for later ones (0: none waits yet). */
        long waitingSince;
        int members;
        /** Members whose own work succeeded: a group where none did rolls back instead. */
        int succeeded;
        private boolean done;
        private RuntimeException failure;

        synchronized void finish(RuntimeException failure) {
            this.failure = failure;
            this.done = true;
            notifyAll();
        }

        /** Waits (uninterruptibly) until the group committed; its failure, if the commit failed. */
        synchronized RuntimeException outcome() {
            if (done) {
                return failure;
            }
            boolean interrupted = false;
            long waitedFrom = System.nanoTime();
            boolean warned = false;
            while (!done) {
                try {
                    wait(1000);
                } catch (InterruptedException e) {
                    interrupted = true; // the work is in the transaction: its outcome must be known
                }
                if (!done && !warned && System.nanoTime() - waitedFrom > TimeUnit.SECONDS.toNanos(10)) {
                    warned = true;
                    LOG.warn("A write has waited {} s for the commit of its group: a later write of the group is slow"
                            + " (or waits for something that waits for this one)",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - waitedFrom));
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return failure;
        }
    }

    /** Most writes one commit takes; a group this size commits even when more are waiting. */
    static final int GROUP_MAX_MEMBERS = 64;
    /** A group whose first member has waited this long commits even when more writes wait: a member waits little for later ones. */
    static final long GROUP_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** The open group, or null between transactions; guarded by {@link #writeLock}. */
    private Group openGroup;
    /** Grouped writes waiting for the writer: a group is handed over only when one is. */
    private final AtomicInteger groupedWaiting = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong writeCommits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong groupedWrites = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public <T> T write(SqlWork<T> work) {
        return write(work, false);
    }

    /**
     * Runs the work in a transaction on the writer, shared with other grouped writes. When
     * grouped writes wait for the writer as this one finishes, the transaction stays open for
     * them (each runs in a savepoint of its own, so a failing one takes back only its part)
     * and this call returns once the last of them committed it: one commit, and one write of
     * each page they share, for many small writes from several threads. Alone, it commits at
     * once. The work runs on the caller's thread, one at a time; the call returns only after
     * its commit. A plain {@link #write} never joins a group: it commits an open one first.
     */
    @Override
    public <T> T writeGrouped(SqlWork<T> work) {
        return write(work, true);
    }

    private <T> T write(SqlWork<T> work, boolean grouped) {
        Transaction joined = currentWrite.get();
        if (joined != null) {
            return joined.savepoint(work);
        }
        ensureOpen();
        Group group;
        Transaction transaction;
        T result = null;
        RuntimeException own = null;
        Error fatal = null;
        if (grouped) {
            groupedWaiting.incrementAndGet();
        }
        writeLock.lock();
        try {
            if (grouped) {
                groupedWaiting.decrementAndGet();
            }
            if (closed || !grouped) {
                commitOpenGroup(); // writes handed over to this one are committed without it
                ensureOpen();
            }
            StatementCache cache = caches.get(writer);
            if (openGroup == null) {
                cache.execute("BEGIN IMMEDIATE");
                openGroup = new Group();
            }
            group = openGroup;
            boolean first = ++group.members == 1;
            transaction = new Transaction(cache, true);
            currentWrite.set(transaction);
            try {
                // a later member's own savepoint: its failure takes back only its part
                result = first ? transaction.run(work) : transaction.savepoint(work);
                group.succeeded++;
            } catch (RuntimeException e) {
                own = e;
            } catch (Error e) {
                fatal = e;
            } finally {
                currentWrite.remove();
            }
            if (first && own != null || fatal != null) {
                rollbackQuietly(cache); // the whole transaction: the first member's part is not in a savepoint
                openGroup = null;
                group.finish(own != null ? own : new IllegalStateException("a write failed: " + fatal, fatal));
            } else if (grouped && groupedWaiting.get() > 0 && group.members < GROUP_MAX_MEMBERS
                    && (group.waitingSince == 0 || System.nanoTime() - group.waitingSince < GROUP_MAX_NANOS)) {
                // handed over: the next grouped writer joins, and the last one commits for this one too
                if (group.waitingSince == 0) {
                    group.waitingSince = System.nanoTime();
                }
            } else {
                commitOpenGroup();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(e); // BEGIN failed: nothing of this write (or a group) is open
        } finally {
            writeLock.unlock();
        }
        if (fatal != null) {
            throw fatal;
        }
        RuntimeException failure = group.outcome(); // at once, unless handed over
        if (own != null) {
            throw own; // its part was taken back; the others' commit is theirs
        }
        if (failure != null) {
            throw failure;
        }
        transaction.runAfterCommit();
        return result;
    }

    /** Commits the open group (rolls it back when no member's work succeeded) and tells its members; with the write lock held. */
    private void commitOpenGroup() {
        Group group = openGroup;
        if (group == null) {
            return;
        }
        openGroup = null;
        StatementCache cache = caches.get(writer);
        RuntimeException failure = null;
        try {
            if (group.succeeded == 0) {
                cache.execute("ROLLBACK");
            } else {
                cache.execute("COMMIT");
                writeCommits.incrementAndGet();
                groupedWrites.addAndGet(group.succeeded);
                checkpointer.committed();
                checkpointIfWalTooLarge();
            }
        } catch (SQLException e) {
            rollbackQuietly(cache);
            failure = SqlErrors.translate(e);
        } catch (RuntimeException e) {
            rollbackQuietly(cache);
            failure = e;
        }
        group.finish(failure);
    }

    /** Transactions the writer committed, and the writes they held (more writes than commits: group commit). */
    public long writeCommits() {
        return writeCommits.get();
    }

    public long groupedWrites() {
        return groupedWrites.get();
    }

    /** Writes waiting for the writer (tests). */
    int waitingWriters() {
        return writeLock.getQueueLength();
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
            commitOpenGroup(); // writes handed over to the closing thread: committed, as they were told
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
