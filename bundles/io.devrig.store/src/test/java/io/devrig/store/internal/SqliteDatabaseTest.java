package io.devrig.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.time.DevRigClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseTest {

    static final Set<String> SEED_TABLES = Set.of("workflows", "workflow_versions", "triggers", "trigger_events",
            "workflow_runs", "node_runs", "plugins", "plugin_storage", "secrets", "job_queue", "execution_logs",
            "ai_usage", "folders", "sync_metadata", "app_settings", "inbox_items", "inbox_items_fts",
            "plugin_sync_state", "ai_operations", "prompt_templates");

    @TempDir
    Path dir;
    Path file;
    SqliteDatabase db;
    final DevRigClock clock = () -> Instant.parse("2026-11-23T08:00:00Z");
    final UlidGenerator ids = new UlidGenerator();

    @BeforeEach
    void setUp() {
        file = dir.resolve("devrig.db");
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    SqliteDatabase open(MigrationCatalog catalog) {
        return SqliteDatabase.open(StoreSettings.defaults(file), catalog, clock);
    }

    /** The schema version DevRig's own migrations produce. */
    static final int LATEST = shipped().latestVersion();

    static MigrationCatalog shipped() {
        return MigrationCatalog.load(SqliteDatabaseTest.class.getClassLoader(), MigrationCatalog.DEFAULT_FOLDER);
    }

    /** The shipped schema followed by extra test migrations. */
    static MigrationCatalog shippedPlus(String... extraSql) {
        List<Migration> all = new ArrayList<>(shipped().migrations());
        for (String sql : extraSql) {
            int v = all.size() + 1;
            all.add(new Migration(v, String.format("%04d_test.sql", v), sql));
        }
        return MigrationCatalog.of(all);
    }

    static Connection plainConnection(Path file) throws Exception {
        return new org.sqlite.JDBC().connect("jdbc:sqlite:" + file, new java.util.Properties());
    }

    static Set<String> schemaObjects(SqliteDatabase db, String type) {
        List<String> names = db.read(h -> h.query("SELECT name FROM sqlite_master WHERE type = ?", r -> r.getString(1), type));
        return new TreeSet<>(names);
    }

    @Test
    void freshDatabaseGetsTheWholeSeedSchema() {
        db = open(shipped());
        assertThat(LATEST).isGreaterThanOrEqualTo(2);
        assertThat(db.schemaVersion()).isEqualTo(LATEST);
        assertThat(db.read(h -> h.queryLong("PRAGMA user_version")).orElseThrow()).isEqualTo((long) LATEST);
        assertThat(schemaObjects(db, "table")).containsAll(SEED_TABLES);
        assertThat(schemaObjects(db, "trigger")).containsExactlyInAnyOrder("inbox_items_ai", "inbox_items_ad", "inbox_items_au");
        assertThat(schemaObjects(db, "index")).contains("idx_jq_status_priority", "idx_inbox_snoozed", "idx_aiops_item",
                "idx_pt_name");
        assertThat(db.backupFile()).as("a new database needs no backup").isNull();
    }

    @Test
    void inboxChangesAreNotedForTheFullTextIndexWithWhatItHolds() {
        db = open(shipped());
        String plugin = ids.nextString();
        String item = ids.nextString();
        db.write(h -> {
            h.update("INSERT INTO plugins(id, name, version, display_name, install_path, manifest) VALUES (?,?,?,?,?,?)",
                    plugin, "io.devrig.plugin.github", "1.0.0", "GitHub", "mvn:x", "{}");
            return h.update("INSERT INTO inbox_items(id, plugin_id, external_id, type, title, body) VALUES (?,?,?,?,?,?)",
                    item, plugin, "n-1", "pull_request", "Review flaky scheduler test", "The cron trigger drifts");
        });
        long rowid = db.read(h -> h.queryLong("SELECT rowid FROM inbox_items WHERE id = ?", item)).orElseThrow();
        // a new item: the index holds nothing for it yet (the inbox indexes the notes in batches)
        assertThat(notes()).containsExactly(rowid + " 0 null null null");
        db.write(h -> h.update("UPDATE inbox_items SET title = ? WHERE id = ?", "Review queue lease bug", item));
        assertThat(notes()).as("the first note wins").containsExactly(rowid + " 0 null null null");

        // once indexed (as the inbox does it), a change notes the text the index holds, once
        db.write(h -> h.update("DELETE FROM inbox_fts_pending"));
        db.write(h -> h.update("UPDATE inbox_items SET title = ? WHERE id = ?", "Second title", item));
        db.write(h -> h.update("UPDATE inbox_items SET title = ? WHERE id = ?", "Third title", item));
        assertThat(notes()).containsExactly(rowid + " 1 Review queue lease bug The cron trigger drifts null");
        db.write(h -> h.update("UPDATE inbox_items SET status = 'read' WHERE id = ?", item));
        db.write(h -> h.update("DELETE FROM inbox_fts_pending"));
        db.write(h -> h.update("UPDATE inbox_items SET status = 'archived' WHERE id = ?", item));
        assertThat(notes()).as("a change of an unindexed column notes nothing").isEmpty();
        db.write(h -> h.update("DELETE FROM inbox_items WHERE id = ?", item));
        assertThat(notes()).containsExactly(rowid + " 1 Third title The cron trigger drifts null");
        // timestamps default to UTC ISO-8601 with milliseconds
        String created = db.read(h -> h.queryOne("SELECT installed_at FROM plugins", r -> r.getString(1))).orElseThrow();
        assertThat(created).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    }

    List<String> notes() {
        return db.read(h -> h.query("SELECT item_rowid, indexed, title, body, preview FROM inbox_fts_pending"
                + " ORDER BY item_rowid", r -> r.getLong(1) + " " + r.getInt(2) + " " + r.getString(3) + " "
                + r.getString(4) + " " + r.getString(5)));
    }

    @Test
    void pendingMigrationsRunInOrderAndReopeningRunsNothing() {
        db = open(shipped());
        db.close();
        db = open(shippedPlus("CREATE TABLE t2(a TEXT)", "ALTER TABLE t2 ADD COLUMN b TEXT"));
        assertThat(db.schemaVersion()).isEqualTo(LATEST + 2);
        List<String> columns = db.read(h -> h.query("SELECT name FROM pragma_table_info('t2')", r -> r.getString(1)));
        assertThat(columns).containsExactly("a", "b");
        Path firstBackup = db.backupFile();
        assertThat(firstBackup).isNotNull();
        db.close();
        db = open(shippedPlus("CREATE TABLE t2(a TEXT)", "ALTER TABLE t2 ADD COLUMN b TEXT"));
        assertThat(db.backupFile()).as("nothing pending, no backup").isNull();
        assertThat(db.schemaVersion()).isEqualTo(LATEST + 2);
    }

    @Test
    void aFailingMigrationLeavesSchemaAndVersionAsTheyWere() throws Exception {
        db = open(shippedPlus("CREATE TABLE ok2(a TEXT)"));
        db.close();
        db = null;
        // LATEST+2 works, LATEST+3 creates a table and then fails: the first stays applied, the second leaves no trace
        MigrationCatalog catalog = shippedPlus("CREATE TABLE ok2(a TEXT)", "CREATE TABLE ok3(a TEXT)",
                "CREATE TABLE half4(a TEXT); INSERT INTO nosuchtable VALUES (1);");
        assertThatThrownBy(() -> open(catalog))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.DB_MIGRATION_FAILED);
                    assertThat(e.getMessage()).contains(String.format("%04d_test.sql", LATEST + 3), "rolled back",
                            "stays at schema version " + (LATEST + 2),
                            "nosuchtable");
                });
        try (Connection c = plainConnection(file); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("PRAGMA user_version");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(LATEST + 2);
            rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name IN ('ok3', 'half4')");
            rs.next();
            assertThat(rs.getInt(1)).as("ok3 present, half4 rolled back").isEqualTo(1);
            rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'half4'");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void backupIsMadeBeforeMigratingAndIsAValidDatabase() throws Exception {
        db = open(shipped());
        String plugin = ids.nextString();
        db.write(h -> h.update("INSERT INTO plugins(id, name, version, display_name, install_path, manifest) VALUES (?,?,?,?,?,?)",
                plugin, "p", "1", "P", "x", "{}"));
        db.close();
        db = open(shippedPlus("CREATE TABLE added_later(a TEXT)"));
        Path backup = db.backupFile();
        assertThat(backup).exists().hasParent(dir.resolve("backups"));
        assertThat(backup.getFileName().toString()).isEqualTo("devrig-v" + LATEST + "-20261123T080000Z.db");
        try (Connection c = plainConnection(backup); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("PRAGMA integrity_check");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
            rs = s.executeQuery("PRAGMA user_version");
            rs.next();
            assertThat(rs.getInt(1)).as("the backup is the pre-migration state").isEqualTo(LATEST);
            rs = s.executeQuery("SELECT id FROM plugins");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(plugin);
            rs = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'added_later'");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aNewerDatabaseIsRefusedAndLeftUntouched() throws Exception {
        db = open(shippedPlus("CREATE TABLE from_the_future(a TEXT)"));
        db.close();
        db = null;
        byte[] before = Files.readAllBytes(file);
        var modified = Files.getLastModifiedTime(file);
        assertThatThrownBy(() -> open(shipped()))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.DB_SCHEMA_TOO_NEW);
                    assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
                    assertThat(e.getMessage()).contains("schema version " + (LATEST + 1),
                            "newer than the latest version " + LATEST,
                            "unchanged");
                });
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
        assertThat(dir.resolve("devrig.db-wal")).doesNotExist();
        assertThat(dir.resolve("backups")).doesNotExist();
    }

    @Test
    void aFileThatIsNotSqliteIsRefused() throws Exception {
        Files.writeString(file, "this is not a database, but it is long enough to have a header of a hundred bytes "
                + "........................................");
        assertThatThrownBy(() -> open(shipped())).hasMessageContaining("is not a SQLite database");
    }

    @Test
    void pragmasOfTheSeedAreInEffectOnWriterAndReaders() {
        db = open(shipped());
        for (boolean write : new boolean[] {true, false}) {
            io.devrig.api.store.SqlWork<Void> check = h -> {
                assertThat(pragma(h, "journal_mode")).isEqualTo("wal");
                assertThat(pragma(h, "synchronous")).isEqualTo("1"); // NORMAL
                assertThat(pragma(h, "foreign_keys")).isEqualTo("1");
                assertThat(pragma(h, "busy_timeout")).isEqualTo("5000");
                assertThat(pragma(h, "cache_size")).isEqualTo("-20000");
                assertThat(pragma(h, "mmap_size")).isEqualTo("268435456");
                if (h.writable()) {
                    // no checkpoint inside a commit: the store's checkpointer copies the WAL beside the writer
                    assertThat(pragma(h, "wal_autocheckpoint")).isEqualTo("0");
                }
                return null;
            };
            if (write) {
                db.write(check);
            } else {
                db.read(check);
            }
        }
    }

    @Test
    void thePlainWriterOfBenchmarksIsOpenedAsTheStoresWriter() throws Exception {
        db = open(shipped());
        db.close();
        db = null;
        try (PlainWriter plain = PlainWriter.open(file);
                java.sql.Statement s = plain.connection().createStatement()) {
            for (String[] expected : new String[][] {{"journal_mode", "wal"}, {"synchronous", "1"},
                    {"foreign_keys", "1"}, {"cache_size", "-20000"}, {"mmap_size", "268435456"},
                    {"wal_autocheckpoint", "0"}}) {
                try (java.sql.ResultSet r = s.executeQuery("PRAGMA " + expected[0])) {
                    assertThat(r.next()).isTrue();
                    assertThat(r.getString(1)).as(expected[0]).isEqualTo(expected[1]);
                }
            }
            s.execute("CREATE TABLE plain_rows (n INTEGER)");
            s.execute("INSERT INTO plain_rows VALUES (7)");
            plain.commit();
        }
        db = open(shipped());
        java.util.Optional<Long> n = db.read(h -> h.queryLong("SELECT n FROM plain_rows"));
        assertThat(n).contains(7L);
    }

    @Test
    void fullSynchronousIsSelectable() {
        db = SqliteDatabase.open(StoreSettings.defaults(file).withFullSync(true), shipped(), clock);
        String writer = db.write(h -> pragma(h, "synchronous"));
        String reader = db.read(h -> pragma(h, "synchronous"));
        assertThat(writer).isEqualTo("2");
        assertThat(reader).isEqualTo("2");
    }

    static String pragma(SqlHandle h, String name) throws java.sql.SQLException {
        return h.queryOne("PRAGMA " + name, r -> r.getString(1)).orElseThrow();
    }

    @Test
    void attachAndExtensionLoadingAreRefused() throws Exception {
        db = open(shipped());
        Path other = dir.resolve("other.db");
        for (boolean write : new boolean[] {true, false}) {
            io.devrig.api.store.SqlWork<Integer> attach = h -> h.update("ATTACH DATABASE ? AS other", other.toString());
            assertThatThrownBy(() -> {
                if (write) {
                    db.write(attach);
                } else {
                    db.read(attach);
                }
            }).isInstanceOf(DevRigException.class).hasMessageContaining("too many attached databases");
        }
        assertThatThrownBy(() -> db.read(h -> h.queryOne("SELECT load_extension(?)", r -> r.getString(1), "/tmp/evil.so")))
                .isInstanceOf(DevRigException.class).hasMessageContaining("not authorized");
        assertThat(other).doesNotExist();
    }

    @Test
    void manyReadersProceedWhileAWriterHoldsATransaction() throws Exception {
        db = open(shipped());
        int readers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(readers + 1);
        try {
            CountDownLatch writerInside = new CountDownLatch(1);
            CountDownLatch releaseWriter = new CountDownLatch(1);
            Future<?> writer = pool.submit(() -> db.write(h -> {
                h.update("INSERT INTO app_settings(key, value) VALUES (?, ?)", "k", "\"uncommitted\"");
                writerInside.countDown();
                try {
                    releaseWriter.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(writerInside.await(10, TimeUnit.SECONDS)).isTrue();
            // every reader must be inside its read at the same time, while the write is open
            CyclicBarrier allInside = new CyclicBarrier(readers);
            List<Future<Long>> reads = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                reads.add(pool.submit(() -> db.read(h -> {
                    long seen = h.queryLong("SELECT count(*) FROM app_settings").orElseThrow();
                    try {
                        allInside.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("readers did not run in parallel", e);
                    }
                    return seen;
                })));
            }
            for (Future<Long> read : reads) {
                assertThat(read.get(20, TimeUnit.SECONDS)).as("readers see the last committed state").isZero();
            }
            assertThat(writer.isDone()).as("the writer is still holding its transaction").isFalse();
            releaseWriter.countDown();
            writer.get(10, TimeUnit.SECONDS);
            assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM app_settings")).orElseThrow()).isEqualTo(1L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void writesAreSerialized() throws Exception {
        db = open(shipped());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch firstInside = new CountDownLatch(1);
            CountDownLatch releaseFirst = new CountDownLatch(1);
            AtomicBoolean secondRanEarly = new AtomicBoolean();
            AtomicBoolean firstDone = new AtomicBoolean();
            Future<?> first = pool.submit(() -> db.write(h -> {
                firstInside.countDown();
                try {
                    releaseFirst.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                h.update("INSERT INTO app_settings(key, value) VALUES ('a', '1')");
                firstDone.set(true);
                return null;
            }));
            assertThat(firstInside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> second = pool.submit(() -> db.write(h -> {
                if (!firstDone.get()) {
                    secondRanEarly.set(true);
                }
                return h.update("INSERT INTO app_settings(key, value) VALUES ('b', '2')");
            }));
            Thread.sleep(200); // give the second writer a chance to (wrongly) run
            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
            assertThat(secondRanEarly).isFalse();
            assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM app_settings")).orElseThrow()).isEqualTo(2L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingWriteRollsBackAndRethrowsTheCallersException() {
        db = open(shipped());
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatThrownBy(() -> db.write(h -> {
            h.update("INSERT INTO app_settings(key, value) VALUES ('x', '1')");
            throw boom;
        })).isSameAs(boom);
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM app_settings")).orElseThrow()).isZero();
        // constraint violations come back as permanent DB_ERRORs and roll back too
        assertThatThrownBy(() -> db.write(h -> {
            h.update("INSERT INTO app_settings(key, value) VALUES ('y', '1')");
            return h.update("INSERT INTO app_settings(key, value) VALUES ('y', '2')");
        })).isInstanceOfSatisfying(DevRigException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCodes.DB_ERROR);
            assertThat(e.getMessage()).contains("UNIQUE constraint failed: app_settings.key");
        });
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM app_settings")).orElseThrow()).isZero();
    }

    @Test
    void foreignKeysAreEnforced() {
        db = open(shipped());
        assertThatThrownBy(() -> db.write(h -> h.update(
                "INSERT INTO plugin_storage(id, plugin_id, key, value) VALUES (?, ?, ?, ?)",
                ids.nextString(), "no-such-plugin", "k", "1")))
                .hasMessageContaining("FOREIGN KEY constraint failed");
    }

    @Test
    void nestedWritesAreSavepoints() {
        db = open(shipped());
        db.write(h -> {
            h.update("INSERT INTO app_settings(key, value) VALUES ('outer', '1')");
            try {
                db.write(inner -> {
                    inner.update("INSERT INTO app_settings(key, value) VALUES ('inner', '1')");
                    throw new IllegalArgumentException("inner fails");
                });
            } catch (IllegalArgumentException expected) {
                // the outer work decides to carry on
            }
            // a read inside the write sees the write's own changes
            assertThat(db.read(r -> r.queryLong("SELECT count(*) FROM app_settings")).orElseThrow()).isEqualTo(1L);
            return null;
        });
        List<String> keys = db.read(h -> h.query("SELECT key FROM app_settings", r -> r.getString(1)));
        assertThat(keys).containsExactly("outer");
    }

    @Test
    void afterCommitRunsOnceCommittedWithTheWriterFreeAndNeverOnRollback() throws Exception {
        db = open(shipped());
        List<String> seen = new ArrayList<>();
        db.write(h -> {
            h.update("INSERT INTO app_settings(key, value) VALUES ('a', '1')");
            h.afterCommit(() -> {
                // the row is committed: another thread's read sees it, and the writer is free
                seen.add("committed rows seen elsewhere: " + otherThread(() -> db.read(r -> r.queryLong(
                        "SELECT count(*) FROM app_settings WHERE key = 'a'").orElseThrow())));
                seen.add("writer free: " + otherThread(() -> db.write(w -> w.update(
                        "INSERT INTO app_settings(key, value) VALUES ('b', '1')"))));
            });
            h.afterCommit(() -> seen.add("second"));
            seen.add("work done");
            return null;
        });
        assertThat(seen).containsExactly("work done", "committed rows seen elsewhere: 1", "writer free: 1", "second");

        seen.clear();
        assertThatThrownBy(() -> db.write(h -> {
            h.update("INSERT INTO app_settings(key, value) VALUES ('c', '1')");
            h.afterCommit(() -> seen.add("must not run"));
            throw new IllegalStateException("the work fails");
        })).hasMessage("the work fails");
        assertThat(seen).isEmpty();
    }

    @Test
    void afterCommitOfARolledBackNestedWriteIsDroppedAndAFailingActionIsContained() {
        db = open(shipped());
        List<String> seen = new ArrayList<>();
        String result = db.write(h -> {
            h.afterCommit(() -> seen.add("outer"));
            try {
                db.write(inner -> {
                    inner.afterCommit(() -> seen.add("inner, rolled back"));
                    throw new IllegalArgumentException("inner fails");
                });
            } catch (IllegalArgumentException expected) {
                // the outer work carries on
            }
            db.write(inner -> {
                inner.afterCommit(() -> {
                    throw new IllegalStateException("an action fails");
                });
                inner.afterCommit(() -> seen.add("inner, kept"));
                return null;
            });
            return "committed";
        });
        assertThat(result).isEqualTo("committed");
        assertThat(seen).containsExactly("outer", "inner, kept");
        assertThatThrownBy(() -> db.read(h -> {
            h.afterCommit(() -> seen.add("read"));
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("needs a write transaction");
    }

    private static <T> T otherThread(java.util.concurrent.Callable<T> work) {
        java.util.concurrent.ExecutorService other = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            return other.submit(work).get(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void readsCannotWrite() {
        db = open(shipped());
        assertThatThrownBy(() -> db.read(h -> h.update("INSERT INTO app_settings(key, value) VALUES ('x', '1')")))
                .isInstanceOf(DevRigException.class).hasMessageContaining("readonly");
        assertThat(db.read(SqlHandle::writable)).isFalse();
        assertThat(db.write(SqlHandle::writable)).isTrue();
    }

    @Test
    void parametersAreBoundByTypeAndUnknownTypesAreRefused() {
        db = open(shipped());
        Instant when = Instant.parse("2026-11-23T08:15:30.123Z");
        var id = ids.next();
        List<Object> row = db.write(h -> {
            h.update("CREATE TABLE p(a, b, c, d, e, f, g, h)");
            h.update("INSERT INTO p VALUES (?,?,?,?,?,?,?,?)", "x'); DROP TABLE p; --", 42L, 1.5, true, when, id,
                    ErrorCategory.TIMEOUT, null);
            return h.queryOne("SELECT a, b, c, d, e, f, g, h FROM p", r -> List.<Object>of(r.getString(1), r.getLong(2),
                    r.getDouble(3), r.getInt(4), r.getString(5), r.getString(6), r.getString(7),
                    String.valueOf(r.getObject(8)))).orElseThrow();
        });
        assertThat(row).containsExactly("x'); DROP TABLE p; --", 42L, 1.5, 1, "2026-11-23T08:15:30.123Z", id.toString(),
                "TIMEOUT", "null");
        assertThatThrownBy(() -> db.write(h -> h.update("INSERT INTO p(a) VALUES (?)", new StringBuilder("secret"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unsupported SQL parameter type java.lang.StringBuilder at position 1");
    }

    @Test
    void theWalIsCheckpointedWhenItGrowsPastTheThreshold() throws Exception {
        // as when a long reader keeps the checkpointer from starting the log again
        db = SqliteDatabase.open(StoreSettings.defaults(file).withWalCheckpointThreshold(256 * 1024), shipped(), clock,
                Long.MAX_VALUE);
        Path wal = dir.resolve("devrig.db-wal");
        String blob = "x".repeat(4000);
        for (int i = 0; i < 200 && db.walCheckpointCount() == 0; i++) {
            int n = i;
            db.write(h -> h.update("INSERT INTO app_settings(key, value) VALUES (?, ?)", "k" + n, blob));
        }
        assertThat(db.walCheckpointCount()).isGreaterThanOrEqualTo(1);
        assertThat(Files.size(wal)).isLessThan(256 * 1024);
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM app_settings")).orElseThrow()).isPositive();
    }

    @Test
    void theWalIsCheckpointedBesideTheWriterNotInsideItsCommits() throws Exception {
        db = open(shipped());
        String blob = "y".repeat(3000);
        db.write(h -> h.update("CREATE TABLE big(n INTEGER PRIMARY KEY, v TEXT)"));
        // readers hold snapshots meanwhile: a passive checkpoint copies what they no longer need
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> reads = new ArrayList<>();
            for (int i = 0; i < 2 * WalCheckpointer.COMMITS + 50; i++) {
                int n = i;
                db.write(h -> h.update("INSERT INTO big(n, v) VALUES (?, ?)", n, blob));
                if (i % 25 == 0) {
                    reads.add(readers.submit(() -> db.read(h -> h.queryLong("SELECT count(*) FROM big"))));
                }
            }
            for (Future<?> f : reads) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            readers.shutdownNow();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db.backgroundCheckpointPages() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(db.backgroundCheckpoints()).isPositive();
        assertThat(db.backgroundCheckpointPages()).as("pages copied into the database file").isPositive();
        assertThat(db.walCheckpointCount()).as("the size threshold was not needed").isZero();
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM big")).orElseThrow())
                .isEqualTo(2L * WalCheckpointer.COMMITS + 50);
        db.close();
        db = open(shipped());
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM big")).orElseThrow()).as("all there after a reopen")
                .isEqualTo(2L * WalCheckpointer.COMMITS + 50);
    }

    @Test
    void underASteadyWriteLoadTheLogStartsAgainInsteadOfGrowing() throws Exception {
        // threshold 8 MiB: the log is brought back to its beginning past 2 MiB (a quarter)
        db = SqliteDatabase.open(StoreSettings.defaults(file).withWalCheckpointThreshold(8L << 20), shipped(), clock);
        Path wal = dir.resolve("devrig.db-wal");
        String blob = "z".repeat(3000);
        db.write(h -> h.update("CREATE TABLE steady(n INTEGER PRIMARY KEY, v TEXT)"));
        long maxWal = 0;
        int n = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((n < 3_000 || db.walResets() < 3) && System.nanoTime() < deadline) { // one writer, never pausing
            int row = n++;
            db.write(h -> h.update("INSERT INTO steady(n, v) VALUES (?, ?)", row, blob));
            if (row % 50 == 0) {
                maxWal = Math.max(maxWal, Files.size(wal));
            }
        }
        assertThat(db.walResets()).as("log resets by the checkpointer").isGreaterThanOrEqualTo(3);
        // Whether the size threshold's safety net was also needed is not asserted: this writer
        // commits about 6,000 times a second, and while the checkpointer's thread waits for a
        // CPU the net steps in (7 resets against 15 threshold checkpoints in a CI run on two busy
        // CPUs; none when run alone). How often it runs under a real load is for the benchmarks
        // (this bundle's README, "Connections").
        // ~3 pages a commit: without resets 3,000 commits leave a log of about 36 MiB
        assertThat(maxWal).as("largest log seen").isLessThan(8L << 20);
        int written = n;
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM steady")).orElseThrow()).isEqualTo(written);
        db.close();
        db = open(shipped());
        assertThat(db.read(h -> h.queryLong("SELECT count(*) FROM steady")).orElseThrow()).as("all there after a reopen")
                .isEqualTo(written);
    }

    @Test
    void closedDatabaseRefusesWorkWithAClearError() {
        db = open(shipped());
        db.close();
        assertThatThrownBy(() -> db.read(h -> 1)).isInstanceOfSatisfying(DevRigException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCodes.DB_UNAVAILABLE));
        db = null;
    }

    @Test
    void aCleanCloseLeavesAnIntactDatabaseWithoutWal() throws Exception {
        db = open(shipped());
        db.write(h -> h.update("INSERT INTO app_settings(key, value) VALUES ('k', '1')"));
        db.close();
        db = null;
        assertThat(dir.resolve("devrig.db-wal")).doesNotExist();
        try (Connection c = plainConnection(file); Statement s = c.createStatement()) {
            ResultSet rs = s.executeQuery("PRAGMA integrity_check");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
    }
}
