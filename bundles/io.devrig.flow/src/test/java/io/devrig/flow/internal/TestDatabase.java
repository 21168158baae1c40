package io.devrig.flow.internal;

import io.devrig.api.time.DevRigClock;
import io.devrig.store.internal.MigrationCatalog;
import io.devrig.store.internal.SqliteDatabase;
import io.devrig.store.internal.StoreSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** A real SQLite database in a test folder, migrated with the store bundle's shipped migrations. */
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
    }
}
