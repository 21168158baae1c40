package io.devrig.queue.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * Validated worker-pool settings (from {@link QueueConfig} or tests).
 *
 * @param minWorkers threads kept even when idle, ≥ 1 (someone must poll for delayed jobs and other processes' enqueues)
 * @param maxWorkers most threads running handlers at once
 * @param idleTimeout an idle thread above {@code minWorkers} ends after this long without work
 * @param taskTimeout a handler running longer is interrupted and its attempt fails with category timeout
 * @param pollInterval how often an idle thread looks for due jobs when nothing wakes it
 * @param lease how long a claimed job is the worker's; renewed every third of it while the handler runs
 * @param interruptGrace how long a timed-out handler gets to stop after the interrupt before the
 *        pool records the timeout without it (its thread stays busy until it returns)
 * @param shutdownGrace how long stopping the pool waits for running handlers before interrupting them
 * @param claimBatch most jobs claimed in one write transaction (≥ 1); the pool's workers take them from a
 *        shared buffer, and completions are committed in groups with the next claim; 1: no buffer, one
 *        job for each worker waiting to claim, the waiting workers served by one transaction
 * @param directHandOff a job enqueued in this process while a worker is free is claimed for the
 *        pool in its own enqueue transaction and handed to that worker after the commit, with no
 *        claim transaction of its own (see {@link SqliteJobQueue.DirectTaker}); false: every job
 *        waits for a worker's claim (benchmarks compare the two)
 */
public record PoolSettings(int minWorkers, int maxWorkers, Duration idleTimeout, Duration taskTimeout, Duration pollInterval,
        Duration lease, Duration interruptGrace, Duration shutdownGrace, int claimBatch, boolean directHandOff) {

    /** Default of {@link #claimBatch}, chosen by measurement (QueueBenchmark; see the README). */
    public static final int DEFAULT_CLAIM_BATCH = 16;

    public static final PoolSettings DEFAULTS = new PoolSettings(1, 4, Duration.ofSeconds(60), Duration.ofMinutes(5),
            Duration.ofMillis(500), Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(5));

    /** Settings with the default {@link #claimBatch}. */
    public PoolSettings(int minWorkers, int maxWorkers, Duration idleTimeout, Duration taskTimeout, Duration pollInterval,
            Duration lease, Duration interruptGrace, Duration shutdownGrace) {
        this(minWorkers, maxWorkers, idleTimeout, taskTimeout, pollInterval, lease, interruptGrace, shutdownGrace,
                DEFAULT_CLAIM_BATCH, true);
    }

    /** Settings with the direct hand-off on. */
    public PoolSettings(int minWorkers, int maxWorkers, Duration idleTimeout, Duration taskTimeout, Duration pollInterval,
            Duration lease, Duration interruptGrace, Duration shutdownGrace, int claimBatch) {
        this(minWorkers, maxWorkers, idleTimeout, taskTimeout, pollInterval, lease, interruptGrace, shutdownGrace,
                claimBatch, true);
    }

    public PoolSettings {
        if (claimBatch < 1) {
            throw new IllegalArgumentException("claimBatch must be at least 1, got " + claimBatch);
        }
        if (minWorkers < 1) {
            throw new IllegalArgumentException("minWorkers must be at least 1, got " + minWorkers);
        }
        if (maxWorkers < minWorkers) {
            throw new IllegalArgumentException("maxWorkers (" + maxWorkers + ") must be at least minWorkers (" + minWorkers + ")");
        }
        positive(idleTimeout, "idleTimeout");
        positive(taskTimeout, "taskTimeout");
        positive(pollInterval, "pollInterval");
        positive(lease, "lease");
        if (lease.toMillis() < 3) {
            throw new IllegalArgumentException("lease must be at least 3 ms");
        }
        positive(interruptGrace, "interruptGrace");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        if (shutdownGrace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative");
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d.toMillis() + " ms");
        }
    }

    public PoolSettings withWorkers(int min, int max) {
        return new PoolSettings(min, max, idleTimeout, taskTimeout, pollInterval, lease, interruptGrace, shutdownGrace, claimBatch, directHandOff);
    }

    public PoolSettings withIdleTimeout(Duration d) {
        return new PoolSettings(minWorkers, maxWorkers, d, taskTimeout, pollInterval, lease, interruptGrace, shutdownGrace, claimBatch, directHandOff);
    }

    public PoolSettings withTaskTimeout(Duration d) {
        return new PoolSettings(minWorkers, maxWorkers, idleTimeout, d, pollInterval, lease, interruptGrace, shutdownGrace, claimBatch, directHandOff);
    }

    public PoolSettings withPollInterval(Duration d) {
        return new PoolSettings(minWorkers, maxWorkers, idleTimeout, taskTimeout, d, lease, interruptGrace, shutdownGrace, claimBatch, directHandOff);
    }

    public PoolSettings withLease(Duration d) {
        return new PoolSettings(minWorkers, maxWorkers, idleTimeout, taskTimeout, pollInterval, d, interruptGrace, shutdownGrace, claimBatch, directHandOff);
    }

    public PoolSettings withShutdownGrace(Duration d) {
        return new PoolSettings(minWorkers, maxWorkers, idleTimeout, taskTimeout, pollInterval, lease, interruptGrace, d, claimBatch, directHandOff);
    }

    public PoolSettings withClaimBatch(int n) {
        return new PoolSettings(minWorkers, maxWorkers, idleTimeout, taskTimeout, pollInterval, lease, interruptGrace,
                shutdownGrace, n);
    }

    public PoolSettings withDirectHandOff(boolean on) {
        return new PoolSettings(minWorkers, maxWorkers, idleTimeout, taskTimeout, pollInterval, lease, interruptGrace,
                shutdownGrace, claimBatch, on);
    }
}
