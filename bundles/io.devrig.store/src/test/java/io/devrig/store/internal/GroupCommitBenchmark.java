package io.devrig.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.id.UlidGenerator;
import io.devrig.api.time.DevRigClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Small writes of several threads, each its own unit of work (a run's journal row and a
 * queue-like row: a ULID key and two more indexes each), through {@link SqliteDatabase#writeGrouped}
 * against the same writes through {@link SqliteDatabase#write} (one commit each), in
 * alternating rounds of one run, each on a fresh database file. Also the writer's own time:
 * commits per write. Not a test: {@code mvn -Pbench test -pl bundles/io.devrig.store}
 * ({@code -Dbench.threads}, {@code -Dbench.writes} per thread, {@code -Dbench.rounds}).
 */
class GroupCommitBenchmark {

    static final int THREADS = Integer.getInteger("bench.threads", 4);
    static final int WRITES = Integer.getInteger("bench.writes", 5_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 4);

    @Test
    void groupedWritesAgainstOneCommitEach() throws Exception {
        Path root = Files.createTempDirectory("group-bench");
        run(root.resolve("warm-plain"), false);
        run(root.resolve("warm-grouped"), true);
        double[] plain = new double[ROUNDS];
        double[] grouped = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            boolean groupedFirst = r % 2 == 1;
            if (groupedFirst) {
                grouped[r] = run(root.resolve("g" + r), true);
                plain[r] = run(root.resolve("p" + r), false);
            } else {
                plain[r] = run(root.resolve("p" + r), false);
                grouped[r] = run(root.resolve("g" + r), true);
            }
            System.out.printf("[benchmark] round %d: one commit each %,8.0f writes/s, grouped %,8.0f writes/s (%.2fx)%n",
                    r + 1, plain[r], grouped[r], grouped[r] / plain[r]);
        }
        double[] ratios = new double[ROUNDS];
        for (int r = 0; r < ROUNDS; r++) {
            ratios[r] = grouped[r] / plain[r];
        }
        System.out.printf("[benchmark] %d threads x %,d writes: one commit each (baseline) median %,.0f writes/s,"
                + " grouped median %,.0f writes/s: %.2fx (median of the rounds' ratios %.2fx)%n", THREADS, WRITES,
                median(plain), median(grouped), median(grouped) / median(plain), median(ratios));
    }

    /** Writes per second of THREADS threads, each writing WRITES units; checks every row is there. */
    private double run(Path dir, boolean grouped) throws Exception {
        Files.createDirectories(dir);
        try (SqliteDatabase db = SqliteDatabase.open(StoreSettings.defaults(dir.resolve("devrig.db")),
                SqliteDatabaseTest.shipped(), DevRigClock.system())) {
            db.write(h -> {
                h.update("CREATE TABLE runs (id TEXT PRIMARY KEY, workflow TEXT NOT NULL, status TEXT NOT NULL,"
                        + " body TEXT NOT NULL, created_at TEXT NOT NULL)");
                h.update("CREATE INDEX runs_by_workflow ON runs (workflow, created_at)");
                h.update("CREATE INDEX runs_by_status ON runs (status, created_at)");
                h.update("CREATE TABLE jobs (id TEXT PRIMARY KEY, run_id TEXT NOT NULL, status TEXT NOT NULL,"
                        + " created_at TEXT NOT NULL)");
                h.update("CREATE INDEX jobs_by_status ON jobs (status, created_at)");
                h.update("CREATE INDEX jobs_by_run ON jobs (run_id)");
                return null;
            });
            long commitsBefore = db.writeCommits();
            UlidGenerator ids = new UlidGenerator();
            String body = "{\"nodes\":{\"pick\":{\"output\":{\"repo\":\"devrig\",\"ref\":\"refs/heads/main\"}}}}";
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String workflow = "wf" + t;
                threads.add(new Thread(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < WRITES; i++) {
                        String run = ids.nextString();
                        String job = ids.nextString();
                        io.devrig.api.store.SqlWork<Void> work = h -> {
                            String now = DevRigClock.system().timestamp();
                            h.update("INSERT INTO runs (id, workflow, status, body, created_at) VALUES (?, ?, 'running', ?, ?)",
                                    run, workflow, body, now);
                            h.update("INSERT INTO jobs (id, run_id, status, created_at) VALUES (?, ?, 'done', ?)", job,
                                    run, now);
                            return null;
                        };
                        if (grouped) {
                            db.writeGrouped(work);
                        } else {
                            db.write(work);
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            long t0 = System.nanoTime();
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            double rate = THREADS * (double) WRITES / ((System.nanoTime() - t0) / 1e9);
            long commits = db.writeCommits() - commitsBefore;
            Long rows = db.read(h -> h.queryLong("SELECT count(*) FROM runs")).orElseThrow();
            assertThat(rows).isEqualTo((long) THREADS * WRITES);
            System.out.printf("[benchmark]   %s: %,8.0f writes/s, %.2f writes per commit%n",
                    grouped ? "grouped" : "one commit each", rate, THREADS * (double) WRITES / commits);
            return rate;
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
