package io.devrig.queue.internal;

import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue on a fresh SQLite file with the wall clock, and settings for a pool of one
 * worker that polls hourly: only hand-offs at enqueue and enqueue wake-ups start jobs.
 * Retries come 10 ms after a failure. The test creates the pool; it is closed after it.
 */
abstract class OneWorkerFixture {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    SqliteDatabase db;
    SqliteJobQueue queue;
    WorkerPool pool;

    final PoolSettings settings = new PoolSettings(1, 1, Duration.ofHours(2), Duration.ofSeconds(30),
            Duration.ofHours(1), Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofSeconds(1), 1);

    @BeforeEach
    void openQueue() {
        db = TestDatabases.open(dir, DevRigClock.system());
        queue = new SqliteJobQueue(db, DevRigClock.system(), RetryPolicy.DEFAULTS.withJitter(false).withDelays(10, 10));
    }

    @AfterEach
    void closePoolAndDatabase() {
        if (pool != null) {
            pool.close();
        }
        db.close();
    }
}
