package io.devrig.trigger.cron.internal;

import io.devrig.api.time.DevRigClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler of the bundle: a priority queue of next fire times and a single thread
 * that sleeps until the earliest one, takes every entry due by then in one batch, and lets
 * each entry's task fire and name its next time. Ten thousand schedules cost ten thousand
 * small queue entries, not threads or timers.
 *
 * <p>The thread runs only while a schedule exists: it starts with the first entry and ends
 * when the last one is cancelled (or on {@link #close}). It never sleeps longer than
 * {@value #MAX_SLEEP_MS} ms at a time, so a wall clock that jumps (NTP, a suspended machine)
 * is noticed within a second.
 *
 * <p>Without a thread ({@link #manual}) nothing runs by itself: tests move their clock and
 * call {@link #runDue()}.
 */
final class CronScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CronScheduler.class);

    static final long MAX_SLEEP_MS = 1000;
    static final String THREAD_NAME = "devrig-cron";

    /** What a schedule does when it is due: fire, then name the next time (two steps, see {@link #run}). */
    interface Task {
        /** Fires what is due at {@code now}. Must not block (fires are handed over asynchronously). */
        void fire(Instant now);

        /** The next fire time after what {@link #fire} handled, or null when the schedule has ended. */
        Instant next();
    }

    /** One schedule in the queue: a handle to cancel it. */
    static final class Entry {
        private final Task task;
        private long dueMillis;
        private boolean queued;
        private boolean cancelled;

        private Entry(Task task) {
            this.task = task;
        }
    }

    private final DevRigClock clock;
    private final boolean threaded;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(Comparator.comparingLong(e -> e.dueMillis));
    // guarded by lock
    private int live;
    private int cancelledInQueue;
    private Thread thread;
    private boolean closed;

    private CronScheduler(DevRigClock clock, boolean threaded) {
        this.clock = clock;
        this.threaded = threaded;
    }

    /** A scheduler with its thread. */
    static CronScheduler threaded(DevRigClock clock) {
        return new CronScheduler(clock, true);
    }

    /** A scheduler that runs only when {@link #runDue()} is called. */
    static CronScheduler manual(DevRigClock clock) {
        return new CronScheduler(clock, false);
    }

    /**
     * Adds a schedule due at {@code due}.
     *
     * @return its handle; an already cancelled one when {@code due} is null or the scheduler is closed
     */
    Entry schedule(Task task, Instant due) {
        Entry e = new Entry(task);
        lock.lock();
        try {
            if (due == null || closed) {
                e.cancelled = true;
                return e;
            }
            e.dueMillis = due.toEpochMilli();
            live++;
            enqueue(e);
            if (threaded && thread == null) {
                thread = new Thread(this::loop, THREAD_NAME);
                thread.setDaemon(true);
                thread.start();
            }
            changed.signal();
            return e;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a schedule; its task is not called again once this returns (unless it runs now). */
    void cancel(Entry e) {
        lock.lock();
        try {
            if (e.cancelled) {
                return;
            }
            e.cancelled = true;
            if (closed) {
                return; // close() has already dropped everything
            }
            live--;
            if (live == 0) {
                queue.clear();
                cancelledInQueue = 0;
                changed.signal(); // the thread ends
            } else if (e.queued && ++cancelledInQueue > 64 && cancelledInQueue > live) {
                // cancelled entries are dropped lazily; purge once they are the majority
                queue.removeIf(x -> x.cancelled);
                cancelledInQueue = 0;
            }
        } finally {
            lock.unlock();
        }
    }

    /** The schedules that exist (not cancelled, not ended). */
    int size() {
        lock.lock();
        try {
            return live;
        } finally {
            lock.unlock();
        }
    }

    /** The scheduler thread, while it runs; null otherwise. */
    Thread thread() {
        lock.lock();
        try {
            return thread;
        } finally {
            lock.unlock();
        }
    }

    /** Runs every entry due at the clock's time now (for a scheduler without thread). */
    void runDue() {
        List<Entry> batch = new ArrayList<>();
        lock.lock();
        try {
            takeDue(clock.millis(), batch);
        } finally {
            lock.unlock();
        }
        run(batch);
    }

    /** Cancels everything and waits (up to 5 s) for the thread to end. */
    @Override
    public void close() {
        Thread t;
        lock.lock();
        try {
            closed = true;
            queue.clear();
            live = 0;
            cancelledInQueue = 0;
            t = thread;
            changed.signal();
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        List<Entry> batch = new ArrayList<>();
        while (true) {
            lock.lock();
            try {
                if (!awaitDue(batch)) {
                    thread = null;
                    return;
                }
            } catch (InterruptedException e) {
                // nobody but close() has a reason to stop this thread; end it cleanly
                thread = null;
                return;
            } finally {
                lock.unlock();
            }
            run(batch);
            batch.clear();
        }
    }

    /** Waits until an entry is due and takes every due one; false when the thread should end. */
    private boolean awaitDue(List<Entry> batch) throws InterruptedException {
        while (true) {
            if (closed || live == 0) {
                return false;
            }
            Entry head = queue.peek();
            if (head == null) {
                // every live entry is in a batch of another caller (runDue); wait for it to come back
                changed.await(MAX_SLEEP_MS, TimeUnit.MILLISECONDS);
                continue;
            }
            if (head.cancelled) {
                queue.poll();
                cancelledInQueue--;
                continue;
            }
            long now = clock.millis();
            long wait = head.dueMillis - now;
            if (wait <= 0) {
                takeDue(now, batch);
                return true;
            }
            changed.await(Math.min(wait, MAX_SLEEP_MS), TimeUnit.MILLISECONDS);
        }
    }

    private void takeDue(long now, List<Entry> batch) {
        for (Entry head = queue.peek(); head != null && head.dueMillis <= now; head = queue.peek()) {
            queue.poll();
            head.queued = false;
            if (head.cancelled) {
                cancelledInQueue--;
            } else {
                batch.add(head);
            }
        }
    }

    /**
     * Fires a batch outside the lock (so cancels and new schedules never wait for it), then
     * requeues. Every entry fires before any computes its next time: the fires due in one
     * second are handed over without waiting for thousands of next-time computations.
     */
    private void run(List<Entry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Instant now = clock.now();
        for (Entry e : batch) {
            try {
                e.task.fire(now);
            } catch (RuntimeException x) {
                // a task reports its own failures; this is the last line, so the thread lives on
                LOG.error("A cron schedule failed to fire", x);
            }
        }
        Instant[] next = new Instant[batch.size()];
        for (int i = 0; i < next.length; i++) {
            try {
                next[i] = batch.get(i).task.next();
            } catch (RuntimeException x) {
                LOG.error("A cron schedule failed and is dropped", x);
            }
        }
        lock.lock();
        try {
            for (int i = 0; i < next.length; i++) {
                Entry e = batch.get(i);
                if (e.cancelled) {
                    continue;
                }
                if (closed) {
                    e.cancelled = true; // close() has already counted it out
                } else if (next[i] == null) {
                    e.cancelled = true;
                    live--;
                } else {
                    e.dueMillis = next[i].toEpochMilli();
                    enqueue(e);
                }
            }
            if (live == 0) {
                queue.clear();
                cancelledInQueue = 0;
            }
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void enqueue(Entry e) {
        e.queued = true;
        queue.add(e);
    }
}
