package io.devrig.action.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Time limits for built-in actions, which run on the caller's thread: one shared daemon
 * thread looks at the running calls every {@value #TICK_MILLIS} ms and interrupts a caller
 * whose call outlived its limit (so a limit is kept within a tick). Starting and ending a
 * watch only adds it to and removes it from a concurrent set: no other thread is woken per
 * call, which a per-call scheduled task would do (it is the new head of the timer's queue
 * every time), at a cost a workflow step would pay. Each call's {@link Watch} is a small
 * state machine so that the interrupt can never reach the caller after the call has ended:
 *
 * <pre>
 * RUNNING --finish()--> DONE                       (timer cancelled, it will never interrupt)
 * RUNNING --timer----> FIRING --interrupt--> FIRED (finish() waits out FIRING, then clears the flag)
 * </pre>
 */
final class CallTimer implements AutoCloseable {

    static final long TICK_MILLIS = 5;

    private static final int RUNNING = 0;
    private static final int FIRING = 1;
    private static final int FIRED = 2;
    private static final int DONE = 3;

    private final Set<Watch> running = ConcurrentHashMap.newKeySet();
    private final Thread ticker;
    private volatile boolean closed;

    CallTimer() {
        ticker = new Thread(this::tick, "devrig-action-timer");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** Starts watching the current thread. Call {@link Watch#finish()} in a finally block. */
    Watch start(Duration limit) {
        Watch watch = new Watch(Thread.currentThread(), System.nanoTime() + limit.toNanos());
        running.add(watch);
        return watch;
    }

    private void tick() {
        while (!closed) {
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : running) {
                if (now - w.deadline >= 0) {
                    running.remove(w);
                    w.fire();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        ticker.interrupt();
    }

    final class Watch {
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        private final Thread thread;
        private final long deadline;

        private Watch(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }

        private void fire() {
            if (state.compareAndSet(RUNNING, FIRING)) {
                thread.interrupt();
                state.set(FIRED);
            }
        }

        /**
         * Ends the watch on the watched thread.
         *
         * @return whether the limit expired (the thread was interrupted by this watch; that
         *         interrupt is cleared again)
         */
        boolean finish() {
            if (state.compareAndSet(RUNNING, DONE)) {
                running.remove(this);
                return false;
            }
            while (state.get() == FIRING) {
                Thread.onSpinWait(); // the ticker is between the CAS and interrupt(): nanoseconds
            }
            Thread.interrupted(); // our own interrupt: it must not leak into the caller
            return true;
        }
    }
}
