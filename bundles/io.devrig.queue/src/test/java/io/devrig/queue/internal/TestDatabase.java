package io.devrig.queue.internal;

import io.devrig.api.queue.AttemptError;
import io.devrig.api.store.Database;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/** Waiting helpers of the queue tests (the database and the manual clock: {@code TestDatabases} of the store). */
final class TestDatabase {

    private TestDatabase() {
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

    /** The job's whole row, column by column, to show that a change changed nothing. */
    static Map<String, Object> row(Database db, String id) {
        return db.read(h -> h.queryOne("SELECT * FROM job_queue WHERE id = ?", r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                m.put(r.getMetaData().getColumnName(i), r.getObject(i));
            }
            return m;
        }, id)).orElseThrow();
    }

    /** The job's error history as stored. */
    static List<AttemptError> history(Database db, String id) {
        String errors = db.read(h -> h.queryOne("SELECT error FROM job_queue WHERE id = ?",
                r -> Optional.ofNullable(r.getString(1)), id)).orElseThrow().orElse(null);
        return new ErrorHistory(io.devrig.common.json.Json.MAPPER).read(errors);
    }
}
