package io.devrig.sync.internal;

import java.util.concurrent.Semaphore;

/** At most N cycles at once (seed §4, default 3); a cycle that finds no permit re-enqueues itself. */
public final class ConcurrencyGate {

    public static final int DEFAULT_LIMIT = 3;
    private final Semaphore permits;

    public ConcurrencyGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.permits = new Semaphore(limit);
    }

    /** Non-blocking: a worker thread of the queue must not wait here. */
    public boolean tryEnter() {
        return permits.tryAcquire();
    }

    public void exit() {
        permits.release();
    }
}
