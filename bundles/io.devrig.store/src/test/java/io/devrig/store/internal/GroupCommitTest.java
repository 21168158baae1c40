package io.devrig.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.store.SqlWork;
import io.devrig.api.time.DevRigClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit ({@link SqliteDatabase#writeGrouped}): grouped writes that wait for the writer
 * while one runs share its transaction, each in a savepoint, and return after the one commit.
 * Deterministic: the first write blocks inside its work until the others are queued at the
 * writer (real threads, a real SQLite file).
 */
class GroupCommitTest {

    @TempDir
    Path dir;
    SqliteDatabase db;
    final DevRigClock clock = () -> Instant.parse("2026-11-23T08:00:00Z");
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        db = open();
        db.write(h -> {
            h.update("CREATE TABLE t (name TEXT PRIMARY KEY)");
            h.update("CREATE TABLE parent (id TEXT PRIMARY KEY)");
            h.update("CREATE TABLE child (parent_id TEXT REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)");
            return null;
        });
    }

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private SqliteDatabase open() {
        return SqliteDatabase.open(StoreSettings.defaults(dir.resolve("devrig.db")), SqliteDatabaseTest.shipped(), clock);
    }

    private List<String> names() {
        return db.read(h -> h.query("SELECT name FROM t ORDER BY name", r -> r.getString(1)));
    }

    /** A grouped write of a row on its own thread; its work is recorded, and its return. */
    private CompletableFuture<Void> insert(String name, boolean grouped, SqlWork<Void> more) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                SqlWork<Void> work = h -> {
                    h.update("INSERT INTO t (name) VALUES (?)", name);
                    events.add(name + " worked");
                    h.afterCommit(() -> events.add(name + " after commit, sees " + names()));
                    return more == null ? null : more.apply(h);
                };
                if (grouped) {
                    db.writeGrouped(work);
                } else {
                    db.write(work);
                }
                events.add(name + " returned");
                done.complete(null);
            } catch (Throwable e) {
                events.add(name + " failed");
                done.completeExceptionally(e);
            }
        }, "writer-" + name);
        t.start();
        return done;
    }

    /** Starts a grouped write that blocks in its work until {@code release}; returns once it is inside. */
    private CompletableFuture<Void> blockingFirst(CountDownLatch release) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<Void> a = insert("a", true, h -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        return a;
    }

    private void queued(int writers) {
        await(() -> db.waitingWriters() == writers, writers + " writers waiting");
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
        }
    }

    private static Throwable failureOf(CompletableFuture<Void> f) throws InterruptedException {
        try {
            f.get(10, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a write did not return", e);
        }
    }

    @Test
    void groupedWritesWaitingForTheWriterShareOneCommitAndEachReturnsAfterIt() throws Exception {
        long commits = db.writeCommits();
        long writes = db.groupedWrites();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = blockingFirst(release);
        CompletableFuture<Void> b = insert("b", true, null);
        queued(1);
        CompletableFuture<Void> c = insert("c", true, null);
        queued(2);

        release.countDown();
        CompletableFuture.allOf(a, b, c).get(10, TimeUnit.SECONDS);

        assertThat(db.writeCommits() - commits).as("one commit for the three").isEqualTo(1);
        assertThat(db.groupedWrites() - writes).isEqualTo(3);
        assertThat(names()).containsExactly("a", "b", "c");
        // each ran alone, in order; none returned (or ran its after-commit actions) before the last one's work
        assertThat(events.indexOf("a worked")).isLessThan(events.indexOf("b worked"));
        assertThat(events.indexOf("b worked")).isLessThan(events.indexOf("c worked"));
        for (String name : List.of("a", "b", "c")) {
            assertThat(events.indexOf(name + " returned")).isGreaterThan(events.indexOf("c worked"));
            assertThat(events).contains(name + " after commit, sees [a, b, c]");
        }
    }

    @Test
    void aGroupedWriteThatFailsTakesBackOnlyItsOwnPart() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = blockingFirst(release);
        CompletableFuture<Void> b = insert("b", true, h -> {
            throw new IllegalStateException("b's own failure");
        });
        queued(1);
        CompletableFuture<Void> c = insert("c", true, null);
        queued(2);

        release.countDown();

        assertThat(failureOf(b)).isInstanceOf(IllegalStateException.class).hasMessage("b's own failure");
        assertThat(failureOf(a)).isNull();
        assertThat(failureOf(c)).isNull();
        assertThat(names()).containsExactly("a", "c");
        assertThat(events).noneMatch(e -> e.startsWith("b after commit"));
        assertThat(events).contains("a after commit, sees [a, c]");
    }

    @Test
    void whenTheSharedCommitFailsEveryWriteOfTheGroupFailsAndNoneIsKept() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = blockingFirst(release);
        // a deferred foreign key: the work succeeds, the COMMIT refuses it
        CompletableFuture<Void> b = insert("b", true, h -> {
            h.update("INSERT INTO child (parent_id) VALUES ('nobody')");
            return null;
        });
        queued(1);
        CompletableFuture<Void> c = insert("c", true, null);
        queued(2);

        release.countDown();

        for (CompletableFuture<Void> f : List.of(a, b, c)) {
            assertThat(failureOf(f)).isInstanceOf(DevRigException.class).hasMessageContaining("FOREIGN KEY");
        }
        assertThat(names()).isEmpty();
        assertThat(events).noneMatch(e -> e.contains("after commit"));
        // the writer is usable again
        db.writeGrouped(h -> h.update("INSERT INTO t (name) VALUES ('d')"));
        assertThat(names()).containsExactly("d");
    }

    @Test
    void aPlainWriteNeverJoinsAGroupItCommitsTheOpenOneFirst() throws Exception {
        long commits = db.writeCommits();
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = blockingFirst(release);
        CompletableFuture<Void> plain = insert("b", false, h -> {
            // the group before it is committed: another connection sees a's row while b's own transaction runs
            try (java.sql.Connection other = SqliteDatabaseTest.plainConnection(dir.resolve("devrig.db"));
                    java.sql.ResultSet r = other.createStatement().executeQuery("SELECT group_concat(name) FROM t")) {
                r.next();
                events.add("b sees committed [" + r.getString(1) + "]");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
        queued(1);
        CompletableFuture<Void> c = insert("c", true, null);
        queued(2);

        release.countDown();
        CompletableFuture.allOf(a, plain, c).get(10, TimeUnit.SECONDS);

        assertThat(events).contains("b sees committed [a]");
        assertThat(db.writeCommits() - commits).as("a's group, b alone, c alone").isEqualTo(3);
        assertThat(names()).containsExactly("a", "b", "c");
    }

    @Test
    void aGroupHandedToAWriteThatFindsTheDatabaseClosedIsCommittedAndThatWriteRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> a = blockingFirst(release);
        CompletableFuture<Void> b = insert("b", true, null);
        queued(1);
        Thread closer = new Thread(db::close, "closer");
        closer.start();
        queued(2);

        release.countDown(); // a hands over to b, which finds the database closing

        assertThat(failureOf(a)).as("a's part was committed by b before it was refused").isNull();
        assertThat(failureOf(b)).isInstanceOf(DevRigException.class).hasMessageContaining("closed");
        closer.join(10_000);
        assertThat(closer.isAlive()).isFalse();
        db = open();
        assertThat(names()).containsExactly("a");
    }

    @Test
    void aGroupedWriteAloneCommitsAtOnce() {
        long commits = db.writeCommits();
        for (int i = 0; i < 10; i++) {
            String name = "n" + i;
            db.writeGrouped(h -> h.update("INSERT INTO t (name) VALUES (?)", name));
            java.util.Optional<Long> count = db.read(h -> h.queryLong("SELECT count(*) FROM t WHERE name = ?", name));
            assertThat(count).contains(1L);
        }
        assertThat(db.writeCommits() - commits).isEqualTo(10);
    }

    @Test
    void manyThreadsWithFailuresAmongThemKeepExactlyTheWritesThatSucceeded() throws Exception {
        int threads = 8;
        int perThread = 150;
        List<String> kept = new CopyOnWriteArrayList<>();
        List<String> refused = new CopyOnWriteArrayList<>();
        AtomicInteger nested = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        long commits = db.writeCommits();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            all.add(new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    String name = thread + "-" + i;
                    boolean fail = i % 7 == 3;
                    try {
                        db.writeGrouped(h -> {
                            h.update("INSERT INTO t (name) VALUES (?)", name);
                            // a nested write joins as a savepoint of this write
                            db.write(x -> x.update("INSERT INTO t (name) VALUES (?)", name + "-nested"));
                            nested.incrementAndGet();
                            if (fail) {
                                throw new IllegalStateException("refused " + name);
                            }
                            return null;
                        });
                        kept.add(name);
                        kept.add(name + "-nested");
                    } catch (IllegalStateException e) {
                        refused.add(name);
                    }
                }
            }));
        }
        all.forEach(Thread::start);
        for (Thread t : all) {
            t.join(60_000);
        }
        assertThat(nested.get()).isEqualTo(threads * perThread);
        assertThat(refused).hasSize(threads * (perThread / 7 + (perThread % 7 > 3 ? 1 : 0)));
        assertThat(names()).containsExactlyInAnyOrderElementsOf(kept);
        assertThat(db.writeCommits() - commits).isLessThanOrEqualTo(threads * perThread);
        System.out.printf("[info] %d grouped writes of %d threads in %d commits%n", threads * perThread, threads,
                db.writeCommits() - commits);
    }
}
