package io.devrig.queue.internal;

import java.time.Duration;
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
}
