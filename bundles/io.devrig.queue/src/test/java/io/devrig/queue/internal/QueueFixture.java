package io.devrig.queue.internal;

import io.devrig.api.retry.RetryPolicy;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.testing.TestDatabases;
import io.devrig.store.testing.TestDatabases.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A queue on a fresh SQLite file with a manual clock, for the tests of {@link SqliteJobQueue}. */
abstract class QueueFixture {

    static final Duration LEASE = Duration.ofSeconds(30);
    static final Set<String> SYNC = Set.of("sync");

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock();
    SqliteDatabase db;
    SqliteJobQueue queue;

    @BeforeEach
    void openQueue() {
        db = TestDatabases.open(dir, clock);
        // jitter on, drawn as 0.5: retry delays are half the computed delay, exactly
        queue = new SqliteJobQueue(db, clock, RetryPolicy.DEFAULTS, () -> 0.5);
    }

    @AfterEach
    void closeDatabase() {
        db.close();
    }
}
