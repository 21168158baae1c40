package io.devrig.store.testing;

import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.MigrationCatalog;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.internal.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * For other bundles' tests (this module's test-jar): a real SQLite database in a test
 * folder, migrated with the shipped migrations, and a clock a test moves by hand.
 */
public final class TestDatabases {

    /** Where a {@link ManualClock} starts. */
    public static final Instant START = Instant.parse("2026-11-23T08:00:00Z");

    private TestDatabases() {
    }

    /** Opens (creating and migrating) {@code devrig.db} in {@code dir}. */
    public static SqliteDatabase open(Path dir, DevRigClock clock) {
        return SqliteDatabase.open(StoreSettings.defaults(dir.resolve("devrig.db")),
                MigrationCatalog.load(TestDatabases.class.getClassLoader(), MigrationCatalog.DEFAULT_FOLDER), clock);
    }

    /** A clock that stands still until moved. */
    public static final class ManualClock implements DevRigClock {
        private final AtomicReference<Instant> now = new AtomicReference<>(START);

        @Override
        public Instant now() {
            return now.get();
        }

        public void advance(Duration d) {
            now.updateAndGet(t -> t.plus(d));
        }

        public void advanceMillis(long ms) {
            advance(Duration.ofMillis(ms));
        }
    }
}
