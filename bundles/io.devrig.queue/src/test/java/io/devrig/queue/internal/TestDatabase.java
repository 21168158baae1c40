package io.devrig.queue.internal;

import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.MigrationCatalog;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.internal.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/** A real SQLite database, migrated by the store bundle, and a clock the test moves by hand. */
final class TestDatabase {

    static final Instant START = Instant.parse("2026-11-23T08:00:00Z");

    private TestDatabase() {
    }

    static SqliteDatabase open(Path dir, DevRigClock clock) {
        return SqliteDatabase.open(StoreSettings.defaults(dir.resolve("devrig.db")),
                MigrationCatalog.load(TestDatabase.class.getClassLoader(), MigrationCatalog.DEFAULT_FOLDER), clock);
    }

    /** A clock that stands still until moved. */
    static final class ManualClock implements DevRigClock {
        private final AtomicReference<Instant> now = new AtomicReference<>(START);

        @Override
        public Instant now() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        void advanceMillis(long ms) {
            advance(Duration.ofMillis(ms));
        }
    }

    /** Polls until the condition holds; fails after {@code timeout} (a generous bound, not a measurement). */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting until " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
