package io.devrig.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.internal.PlainWriter;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The worker pool against a plain JDBC loop of the same transaction shape, in alternating
 * A/B rounds of one run, each path on its own copy of one database file holding the same
 * pending no-op jobs:
 * <ul>
 * <li>per-job shape: the pool with {@code claimBatch=1} (one completion + the next claim per
 * commit) against a plain loop that also commits the completion and the next claim
 * together, one job per transaction; 1 and 4 workers;</li>
 * <li>batched shape: the pool with {@code claimBatch=B} against a plain loop that claims
 * and completes B jobs per transaction; 1 and 4 workers;</li>
 * <li>enqueue→start latency (p50, p99) at 50 % and 90 % of the measured capacity of the
 * default pool with a producer enqueuing in its own transactions.</li>
 * </ul>
 * The pool runs as the queue component runs it: worker ids with server and process, and a
 * start mark ({@link StartMarks}) written per handler start.
 * Not a test: runs only with {@code mvn -Pbench test -pl bundles/io.devrig.queue}
 * ({@code -Dbench.jobs}, {@code -Dbench.rounds}, {@code -Dbench.batch} change the run);
 * prints figures and asserts only that every job was processed exactly once.
 */
class QueueBenchmark {

    static final int JOBS = Integer.getInteger("bench.jobs", 100_000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 6);
    static final int BATCH = Integer.getInteger("bench.batch", PoolSettings.DEFAULT_CLAIM_BATCH);
    static final int WARMUP_JOBS = 5_000;
    static final String TYPE = "noop";
    static final String PAYLOAD = "{\"n\":1}";
    static final Duration LEASE = Duration.ofSeconds(60);

    @Test
    void poolVersusSameShapePlainLoops() throws Exception {
        Path root = Files.createTempDirectory("devrig-queue-bench");
        try {
            Path template = template(root.resolve("template"), JOBS);
            Path warm = template(root.resolve("warm"), WARMUP_JOBS);
            // warm the JIT on every path first
            plain(copy(warm, root, "w1"), WARMUP_JOBS, 1);
            plain(copy(warm, root, "w2"), WARMUP_JOBS, BATCH);
            pool(copy(warm, root, "w3"), WARMUP_JOBS, 4, 1);
            pool(copy(warm, root, "w4"), WARMUP_JOBS, 4, BATCH);

            Map<String, List<Double>> rates = new LinkedHashMap<>();
            String[] order = {"plain, 1 job/tx", "pool 1 worker, batch 1", "pool 4 workers, batch 1",
                "plain, " + BATCH + " jobs/tx", "pool 1 worker, batch " + BATCH, "pool 4 workers, batch " + BATCH};
            for (String k : order) {
                rates.put(k, new ArrayList<>());
            }
            for (int r = 0; r < ROUNDS; r++) {
                // A and B alternate, and the order flips every round, so drift lands on both sides
                List<Runnable> steps = new ArrayList<>();
                int round = r;
                steps.add(() -> rates.get(order[0]).add(plain(copy(template, root, "p1-" + round), JOBS, 1)));
                steps.add(() -> rates.get(order[1]).add(pool(copy(template, root, "q1-" + round), JOBS, 1, 1)));
                steps.add(() -> rates.get(order[2]).add(pool(copy(template, root, "q4-" + round), JOBS, 4, 1)));
                steps.add(() -> rates.get(order[3]).add(plain(copy(template, root, "pb-" + round), JOBS, BATCH)));
                steps.add(() -> rates.get(order[4]).add(pool(copy(template, root, "b1-" + round), JOBS, 1, BATCH)));
                steps.add(() -> rates.get(order[5]).add(pool(copy(template, root, "b4-" + round), JOBS, 4, BATCH)));
                if (r % 2 == 1) {
                    java.util.Collections.reverse(steps);
                }
                steps.forEach(Runnable::run);
            }
            double plain1 = median(rates.get(order[0]));
            double plainB = median(rates.get(order[3]));
            System.out.printf("[benchmark] %,d no-op jobs per path, %d alternating rounds (median), WAL, synchronous=NORMAL, %s%n",
                    JOBS, ROUNDS, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            for (int i = 0; i < order.length; i++) {
                double base = i < 3 ? plain1 : plainB;
                double v = median(rates.get(order[i]));
                // also the median of the ratios within each round: paths of one round ran minutes apart at most
                List<Double> mine = rates.get(order[i]);
                List<Double> plainRounds = rates.get(order[i < 3 ? 0 : 3]);
                List<Double> perRound = new ArrayList<>();
                for (int r = 0; r < mine.size(); r++) {
                    perRound.add(mine.get(r) / plainRounds.get(r));
                }
                System.out.printf("[benchmark] %-28s %,9.0f jobs/s  baseline %,9.0f  ratio %.2f  per-round ratio %.2f  "
                        + "(rounds: %s)%n", order[i], v, base, v / base, median(perRound),
                        mine.stream().map(d -> String.format("%,.0f", d)).toList());
            }
            List<Double> scale1 = new ArrayList<>();
            List<Double> scaleB = new ArrayList<>();
            for (int r = 0; r < ROUNDS; r++) {
                scale1.add(rates.get(order[2]).get(r) / rates.get(order[1]).get(r));
                scaleB.add(rates.get(order[5]).get(r) / rates.get(order[4]).get(r));
            }
            System.out.printf("[benchmark] 4 workers / 1 worker, per-round median: batch 1 %.2f, batch %d %.2f%n",
                    median(scale1), BATCH, median(scaleB));
            System.out.printf("[benchmark] claim transactions per job (last round): 1 worker batch 1 %.3f, 4 workers batch 1 "
                    + "%.3f, 1 worker batch %d %.3f, 4 workers batch %d %.3f%n", CLAIMS_PER_JOB.get("1/1"),
                    CLAIMS_PER_JOB.get("4/1"), BATCH, CLAIMS_PER_JOB.get("1/" + BATCH), BATCH, CLAIMS_PER_JOB.get("4/" + BATCH));
            System.out.printf("[benchmark] 4 workers / 1 worker, medians: batch 1 %.2f, batch %d %.2f%n",
                    median(rates.get(order[2])) / median(rates.get(order[1])), BATCH,
                    median(rates.get(order[5])) / median(rates.get(order[4])));

            // enqueue -> start latency at 50 % and 90 % of the capacity with a producer; the
            // capacity with and without the direct hand-off (jobs claimed at their enqueue), alternated
            List<Double> direct = new ArrayList<>();
            List<Double> claimed = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (boolean on : round % 2 == 0 ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    double jobsPerSecond = openLoop(root.resolve("cap" + round + on), 0, Math.min(JOBS, 30_000), on)[2];
                    (on ? direct : claimed).add(jobsPerSecond);
                }
            }
            double capacity = median(direct);
            System.out.printf("[benchmark] capacity, default pool (4 workers, batch %d) with a producer enqueuing "
                    + "one job per transaction: %,.0f jobs/s; without the direct hand-off %,.0f jobs/s (ratio %.2f; "
                    + "rounds %s / %s)%n", PoolSettings.DEFAULT_CLAIM_BATCH, capacity, median(claimed),
                    capacity / median(claimed), direct, claimed);
            for (double load : new double[] {0.5, 0.9}) {
                double rate = capacity * load;
                int n = (int) Math.min(50_000, Math.max(2_000, rate * 3));
                for (boolean on : new boolean[] {true, false}) {
                    double[] lat = openLoop(root.resolve("lat" + (int) (load * 100) + on), rate, n, on);
                    System.out.printf("[benchmark] enqueue->start at %2.0f%% (%,.0f jobs/s offered, %,d jobs)%s: p50 "
                            + "%.2f ms, p99 %.2f ms%n", load * 100, rate, n, on ? "" : ", no direct hand-off", lat[0],
                            lat[1]);
                }
            }
        } finally {
            try (var files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** A database file with {@code n} pending no-op jobs, loaded in one transaction through the queue. */
    static Path template(Path dir, int n) throws Exception {
        Files.createDirectories(dir);
        try (SqliteDatabase db = open(dir)) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            JobRequest request = JobRequest.of(TYPE, PAYLOAD);
            db.write(h -> {
                for (int i = 0; i < n; i++) {
                    queue.enqueue(request);
                }
                return null;
            });
        }
        return dir;
    }

    static Path copy(Path template, Path root, String name) {
        try {
            Path dir = root.resolve(name);
            Files.createDirectories(dir);
            for (String f : new String[] {"devrig.db", "devrig.db-wal"}) { // closing checkpoints; a WAL left over is copied too
                if (Files.exists(template.resolve(f))) {
                    Files.copy(template.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static SqliteDatabase open(Path dir) {
        return TestDatabases.open(dir, DevRigClock.system());
    }

    static double perSecond(int n, long startNanos) {
        return n / ((System.nanoTime() - startNanos) / 1e9);
    }

    /**
     * The queue's own claim and complete statements on the store's writer connection with its
     * background checkpoints ({@link PlainWriter}), each prepared once: claim {@code batch} jobs,
     * then complete them and claim the next {@code batch} in one transaction, the pool's shape.
     */
    static double plain(Path dir, int n, int batch) {
        try (PlainWriter writer = PlainWriter.open(dir.resolve("devrig.db"))) {
            Connection c = writer.connection();
            DevRigClock clock = DevRigClock.system();
            int done = 0;
            long t0 = System.nanoTime();
            try (PreparedStatement claim = c.prepareStatement(SqliteJobQueue.claimStatement(1));
                    PreparedStatement due = c.prepareStatement(SqliteJobQueue.dueStatement(1));
                    PreparedStatement claimOne = c.prepareStatement(SqliteJobQueue.CLAIM_ONE);
                    PreparedStatement complete = c.prepareStatement(SqliteJobQueue.COMPLETE)) {
                Claimer claimer = () -> batch == 1 ? claim(claim, clock) : claim(due, claimOne, clock, batch);
                List<String> ids = claimer.claim();
                writer.commit();
                while (!ids.isEmpty()) {
                    for (String id : ids) {
                        complete.setString(1, clock.timestamp());
                        complete.setString(2, id);
                        complete.setString(3, "plain");
                        if (complete.executeUpdate() != 1) {
                            throw new AssertionError("plain completion of " + id + " did not apply");
                        }
                        done++;
                    }
                    ids = claimer.claim();
                    writer.commit(); // the completions and the next claim
                }
            }
            double rate = perSecond(n, t0);
            assertThat(done).isEqualTo(n);
            return rate;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    interface Claimer {
        List<String> claim() throws java.sql.SQLException;
    }

    /** The single claim statement (the pool's with {@code claimBatch = 1}); the claimed id, if any. */
    static List<String> claim(PreparedStatement claim, DevRigClock clock) throws java.sql.SQLException {
        Instant now = clock.now();
        claim.setString(1, "plain");
        claim.setString(2, DevRigClock.format(now));
        claim.setString(3, DevRigClock.format(now.plus(LEASE)));
        claim.setString(4, DevRigClock.format(now));
        claim.setString(5, TYPE);
        try (ResultSet r = claim.executeQuery()) {
            return r.next() ? List.of(r.getString("id")) : List.of();
        }
    }

    /** The pool's batch claim: the due ids, then one locking statement per id; the claimed ids. */
    static List<String> claim(PreparedStatement due, PreparedStatement claimOne, DevRigClock clock, int batch)
            throws java.sql.SQLException {
        Instant now = clock.now();
        due.setString(1, DevRigClock.format(now));
        due.setString(2, TYPE);
        due.setInt(3, batch);
        List<String> ids = new ArrayList<>(batch);
        try (ResultSet r = due.executeQuery()) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        List<String> claimed = new ArrayList<>(ids.size());
        for (String id : ids) {
            claimOne.setString(1, "plain");
            claimOne.setString(2, DevRigClock.format(now));
            claimOne.setString(3, DevRigClock.format(now.plus(LEASE)));
            claimOne.setString(4, id);
            try (ResultSet r = claimOne.executeQuery()) {
                if (r.next()) {
                    claimed.add(r.getString("id"));
                }
            }
        }
        return claimed;
    }

    /** Claim transactions per job of the last {@link #pool} run of each shape, printed beside the rates. */
    static final Map<String, Double> CLAIMS_PER_JOB = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The pool as the queue component runs it (worker ids naming server and process, a start
     * mark per handler start in the copy's folder) with min = max = {@code workers} and
     * {@code claimBatch = batch} draining the file's jobs.
     */
    static double pool(Path dir, int n, int workers, int batch) {
        try (SqliteDatabase db = open(dir); StartMarks marks = new StartMarks(dir.resolve("marks"), "bench-process")) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            queue.setStartMarks(marks);
            WorkerPool pool = new WorkerPool(queue, PoolSettings.DEFAULTS.withWorkers(workers, workers).withClaimBatch(batch),
                    "bench-server", "bench-process", marks);
            pool.register(TYPE, job -> { });
            long t0 = System.nanoTime();
            pool.start();
            while (pool.completedCount() < n) {
                LockSupport.parkNanos(1_000_000);
            }
            double rate = perSecond(n, t0);
            pool.close();
            CLAIMS_PER_JOB.put(workers + "/" + batch, pool.claimTransactionCount() / (double) n);
            assertThat(queue.stats().count(JobStatus.COMPLETED)).isEqualTo(n);
            assertThat(pool.failedCount() + pool.leaseLostCount()).isZero();
            return rate;
        }
    }

    /**
     * The default pool (with or without the direct hand-off) on an empty file while one producer thread enqueues {@code n} jobs,
     * each its own transaction, at {@code rate} per second (0: as fast as it can). Returns
     * {p50 ms, p99 ms, jobs/s from the first enqueue to the last completion}; latency is
     * from just before the enqueue call to the handler's start.
     */
    static double[] openLoop(Path dir, double rate, int n, boolean directHandOff) throws Exception {
        Files.createDirectories(dir);
        long[] latency = new long[n];
        try (SqliteDatabase db = open(dir)) {
            SqliteJobQueue queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS);
            StartMarks marks = new StartMarks(dir.resolve("marks"), "bench-process");
            queue.setStartMarks(marks);
            WorkerPool pool = new WorkerPool(queue, PoolSettings.DEFAULTS.withWorkers(4, 4)
                    .withDirectHandOff(directHandOff), "bench-server", "bench-process", marks);
            java.util.concurrent.atomic.AtomicInteger seen = new java.util.concurrent.atomic.AtomicInteger();
            pool.register(TYPE, job -> {
                long now = System.nanoTime();
                String p = job.payload();
                int comma = p.indexOf(',');
                long sent = Long.parseLong(p.substring(5, comma));
                int index = Integer.parseInt(p.substring(p.indexOf(":", comma) + 1, p.length() - 1));
                latency[index] = now - sent;
                seen.incrementAndGet();
            });
            pool.start();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (rate > 0) {
                    long due = t0 + (long) (i * 1e9 / rate);
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                queue.enqueue(JobRequest.of(TYPE, "{\"t\":" + System.nanoTime() + ",\"i\":" + i + "}"));
            }
            while (pool.completedCount() < n) {
                LockSupport.parkNanos(200_000);
            }
            double throughput = perSecond(n, t0);
            pool.close();
            marks.close();
            assertThat(seen.get()).isEqualTo(n);
            long[] sorted = latency.clone();
            Arrays.sort(sorted);
            return new double[] {sorted[n / 2] / 1e6, sorted[(int) (n * 0.99)] / 1e6, throughput};
        }
    }
}
