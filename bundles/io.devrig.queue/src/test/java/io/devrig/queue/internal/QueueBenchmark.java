package io.devrig.queue.internal;

import io.devrig.store.internal.StoreSettings;
import io.devrig.store.testing.TestDatabases;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * Jobs per second through the queue — enqueue, then claim and complete no-op jobs with 1
 * and 4 pool workers — against a plain JDBC loop issuing the same INSERT, claim and
 * complete statements on one connection with the store's pragmas, in the same run, each
 * on a fresh database file. Not a test: runs only with
 * {@code mvn -Pbench test -pl bundles/io.devrig.queue}; prints figures and asserts only
 * that every job was processed exactly once.
 */
class QueueBenchmark {

    static final int JOBS = 100_000;
    static final int WARMUP_JOBS = 5_000;
    static final String TYPE = "noop";
    static final String PAYLOAD = "{\"n\":1}";
    static final Duration LEASE = Duration.ofSeconds(60);

    @Test
    void queueAndPoolVersusPlainJdbc() throws Exception {
        Path root = Files.createTempDirectory("devrig-queue-bench");
        try {
            // warm the JIT on every path first, on throw-away files
            plainJdbc(root.resolve("warm-plain"), WARMUP_JOBS, false);
            plainJdbc(root.resolve("warm-plain-tx"), WARMUP_JOBS, true);
            queueLoop(root.resolve("warm-loop"), WARMUP_JOBS);
            pool(root.resolve("warm-pool"), WARMUP_JOBS, 4);

            Rates plain = plainJdbc(root.resolve("plain"), JOBS, false);
            Rates plainTx = plainJdbc(root.resolve("plain-tx"), JOBS, true);
            Rates loop = queueLoop(root.resolve("loop"), JOBS);
            Rates one = pool(root.resolve("pool1"), JOBS, 1);
            Rates four = pool(root.resolve("pool4"), JOBS, 4);
            Costs costs = costs(root.resolve("costs"));
            double slowOne = slowPool(root.resolve("slow1"), 1);
            double slowFour = slowPool(root.resolve("slow4"), 4);

            System.out.printf("[benchmark] %,d no-op jobs, WAL, synchronous=NORMAL, %s%n", JOBS,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.printf("[benchmark] enqueue   plain JDBC INSERT loop:        %,9.0f jobs/s%n", plain.enqueue);
            System.out.printf("[benchmark] enqueue   JobQueue.enqueue:              %,9.0f jobs/s  (%.2fx plain)%n",
                    loop.enqueue, loop.enqueue / plain.enqueue);
            System.out.printf("[benchmark] process   plain JDBC claim+complete loop:%,9.0f jobs/s  (baseline)%n", plain.process);
            System.out.printf("[benchmark] process   plain JDBC, complete + next claim per transaction:"
                    + "%,9.0f jobs/s  (%.2fx plain)%n", plainTx.process, plainTx.process / plain.process);
            System.out.printf("[benchmark] process   JobQueue claim+complete loop:  %,9.0f jobs/s  (%.2fx plain)%n",
                    loop.process, loop.process / plain.process);
            System.out.printf("[benchmark] process   worker pool, 1 worker:         %,9.0f jobs/s  (%.2fx plain, %.2fx plain per-tx)%n",
                    one.process, one.process / plain.process, one.process / plainTx.process);
            System.out.printf("[benchmark] process   worker pool, 4 workers:        %,9.0f jobs/s  (%.2fx plain, %.2fx plain per-tx)%n",
                    four.process, four.process / plain.process, four.process / plainTx.process);
            System.out.printf("[benchmark] %,d jobs whose handler sleeps 1 ms: 1 worker %,.0f jobs/s, 4 workers %,.0f jobs/s "
                    + "(%.1fx)%n", SLOW_JOBS, slowOne, slowFour, slowFour / slowOne);
            System.out.printf("[benchmark] where the time goes, per operation (median of %d):%n", COST_ROUNDS);
            System.out.printf("[benchmark]   empty write transaction, plain BEGIN IMMEDIATE/COMMIT: %6.1f us%n", costs.plainTx);
            System.out.printf("[benchmark]   empty write transaction, Database.write:               %6.1f us%n", costs.storeTx);
            System.out.printf("[benchmark]   prepare + close of the claim statement:                %6.1f us%n", costs.prepare);
        } finally {
            try (var files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    record Rates(double enqueue, double process) {
    }

    record Costs(double plainTx, double storeTx, double prepare) {
    }

    static final int COST_ROUNDS = 20_000;

    /** Microseconds per empty write transaction (plain and through the store) and per statement preparation. */
    static Costs costs(Path dir) throws Exception {
        Files.createDirectories(dir);
        double storeTx;
        double prepare;
        try (SqliteDatabase db = open(dir)) {
            storeTx = median(() -> db.write(h -> null));
            String sql = SqliteJobQueue.claimStatement(1);
            prepare = median(() -> db.write(h -> {
                h.connection().prepareStatement(sql).close();
                return null;
            })) - storeTx;
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("devrig.db"));
                Statement s = c.createStatement()) {
            s.execute("PRAGMA synchronous = NORMAL");
            double plainTx = median(() -> {
                s.execute("BEGIN IMMEDIATE");
                s.execute("COMMIT");
            });
            return new Costs(plainTx, storeTx, prepare);
        }
    }

    interface Op {
        void run() throws Exception;
    }

    /** The median of 10 rounds of {@link #COST_ROUNDS} / 10 runs, in microseconds per run. */
    static double median(Op op) throws Exception {
        int rounds = 10;
        int per = COST_ROUNDS / rounds;
        double[] us = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < per; i++) {
                op.run();
            }
            us[r] = (System.nanoTime() - t0) / 1e3 / per;
        }
        java.util.Arrays.sort(us);
        return us[rounds / 2];
    }

    static SqliteDatabase open(Path dir) {
        return TestDatabases.open(dir, DevRigClock.system());
    }

    static double perSecond(int n, long startNanos) {
        return n / ((System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * The same statements the queue issues, on one connection opened like the store's writer:
     * INSERT per job (autocommit), then claim and complete, each its own transaction
     * (autocommit) or, with {@code combined}, the completion and the next claim in one
     * transaction as the pool does. The combined run loads its jobs in one transaction,
     * untimed, and reports no enqueue rate.
     */
    static Rates plainJdbc(Path dir, int n, boolean combined) throws Exception {
        Files.createDirectories(dir);
        open(dir).close(); // create and migrate the schema the same way
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(StoreSettings.BUSY_TIMEOUT_MS);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        try (Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve("devrig.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA synchronous = NORMAL");
                s.execute("PRAGMA foreign_keys = ON");
                s.execute("PRAGMA busy_timeout = " + StoreSettings.BUSY_TIMEOUT_MS);
                s.execute("PRAGMA cache_size = -" + StoreSettings.CACHE_SIZE_KIB);
                s.execute("PRAGMA mmap_size = " + StoreSettings.MMAP_SIZE_BYTES);
                s.execute("PRAGMA wal_autocheckpoint = " + StoreSettings.WAL_AUTOCHECKPOINT_PAGES);
            }
            DevRigClock clock = DevRigClock.system();
            c.setAutoCommit(!combined);
            long t0 = System.nanoTime();
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO job_queue (id, type, payload, priority, "
                    + "status, attempts, max_attempts, next_retry_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) "
                    + "ON CONFLICT(id) DO NOTHING")) {
                io.devrig.api.id.UlidGenerator ids = new io.devrig.api.id.UlidGenerator();
                for (int i = 0; i < n; i++) {
                    insert.setString(1, ids.nextString());
                    insert.setString(2, TYPE);
                    insert.setString(3, PAYLOAD);
                    insert.setInt(4, 0);
                    insert.setInt(5, 3);
                    insert.setNull(6, java.sql.Types.NULL);
                    insert.setString(7, clock.timestamp());
                    insert.executeUpdate();
                }
            }
            double enqueue = combined ? Double.NaN : perSecond(n, t0);
            if (combined) {
                c.commit();
            }
            int done = 0;
            t0 = System.nanoTime();
            try (PreparedStatement claim = c.prepareStatement(SqliteJobQueue.claimStatement(1));
                    PreparedStatement complete = c.prepareStatement(SqliteJobQueue.COMPLETE)) {
                String id = claim(claim, clock);
                while (id != null) {
                    complete.setString(1, clock.timestamp());
                    complete.setString(2, id);
                    complete.setString(3, "plain");
                    if (complete.executeUpdate() != 1) {
                        throw new AssertionError("plain completion of " + id + " did not apply");
                    }
                    done++;
                    id = claim(claim, clock);
                    if (combined) {
                        c.commit(); // the completion and the next claim
                    }
                }
            }
            double process = perSecond(n, t0);
            assertThat(done).isEqualTo(n);
            return new Rates(enqueue, process);
        }
    }

    /** Runs the claim statement; the claimed id or null. */
    static String claim(PreparedStatement claim, DevRigClock clock) throws java.sql.SQLException {
        Instant now = clock.now();
        claim.setString(1, "plain");
        claim.setString(2, DevRigClock.format(now));
        claim.setString(3, DevRigClock.format(now.plus(LEASE)));
        claim.setString(4, DevRigClock.format(now));
        claim.setString(5, TYPE);
        try (ResultSet r = claim.executeQuery()) {
            return r.next() ? r.getString("id") : null;
        }
    }

    /** JobQueue's own methods in a single-thread loop: the queue's cost without the pool's. */
    static Rates queueLoop(Path dir, int n) {
        try (SqliteDatabase db = open(dir)) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            double enqueue = enqueueAll(queue, n);
            long t0 = System.nanoTime();
            int done = 0;
            Set<String> types = Set.of(TYPE);
            Optional<Job> job;
            while ((job = queue.claim("loop", types, LEASE)).isPresent()) {
                if (!queue.complete(job.get().id(), "loop")) {
                    throw new AssertionError("completion of " + job.get().id() + " did not apply");
                }
                done++;
            }
            double process = perSecond(n, t0);
            assertThat(done).isEqualTo(n);
            return new Rates(enqueue, process);
        }
    }

    static double enqueueAll(SqliteJobQueue queue, int n) {
        JobRequest request = JobRequest.of(TYPE, PAYLOAD);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            queue.enqueue(request);
        }
        return perSecond(n, t0);
    }

    static final int SLOW_JOBS = 5_000;

    /** Jobs/s of a pool whose handlers wait 1 ms (I/O-like work outside the write lock). */
    static double slowPool(Path dir, int workers) throws InterruptedException {
        try (SqliteDatabase db = open(dir)) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            db.write(h -> enqueueAll(queue, SLOW_JOBS));
            WorkerPool pool = new WorkerPool(queue, PoolSettings.DEFAULTS.withWorkers(workers, workers));
            pool.register(TYPE, job -> Thread.sleep(1));
            long t0 = System.nanoTime();
            pool.start();
            while (pool.completedCount() < SLOW_JOBS) {
                Thread.sleep(1);
            }
            double rate = perSecond(SLOW_JOBS, t0);
            pool.close();
            return rate;
        }
    }

    /** The pool with min = max = {@code workers}; its jobs are loaded in one transaction, untimed. */
    static Rates pool(Path dir, int n, int workers) throws InterruptedException {
        try (SqliteDatabase db = open(dir)) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            db.write(h -> enqueueAll(queue, n));
            double enqueue = Double.NaN;
            PoolSettings settings = PoolSettings.DEFAULTS.withWorkers(workers, workers);
            WorkerPool pool = new WorkerPool(queue, settings);
            pool.register(TYPE, job -> { });
            long t0 = System.nanoTime();
            pool.start();
            while (pool.completedCount() < n) {
                Thread.sleep(1);
            }
            double process = perSecond(n, t0);
            pool.close();
            assertThat(queue.stats().count(JobStatus.COMPLETED)).isEqualTo(n);
            assertThat(pool.failedCount() + pool.leaseLostCount()).isZero();
            return new Rates(enqueue, process);
        }
    }
}
