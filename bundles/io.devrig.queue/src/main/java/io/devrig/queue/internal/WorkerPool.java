package io.devrig.queue.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.queue.FailOutcome;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobHandler;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that claim jobs of the types they have handlers for and run them (seed
 * architecture §11.2). Between {@code minWorkers} and {@code maxWorkers} threads: one
 * more is started when work arrives and no thread is idle; a thread above the minimum
 * ends after {@code idleTimeout} without work. An enqueue in this JVM wakes an idle thread
 * at once; an idle thread also wakes when the earliest delayed job (or retry) is due, and
 * polls every {@code pollInterval} as the fallback for jobs enqueued by another process.
 *
 * <p>Claims are batched or combined, in a transaction that also commits every completion
 * waiting for it (group commit). With {@code claimBatch} > 1 the worker that finds the shared
 * buffer empty takes the claim gate and claims up to {@code claimBatch} due jobs (fewer when
 * handlers are slow); the others take them from the buffer without a transaction. With
 * {@code claimBatch} 1 workers wait at the gate and whoever holds it claims one job for each
 * of them, each under its own holder (flat combining, {@link #claimFor}). A completion
 * waits at most {@link #ACK_DELAY_NANOS} before the timer commits it on its own. Claims of
 * the buffer keep their leases renewed, and the ones not started when the pool stops are
 * given back without costing an attempt. With {@link StartMarks}, each handler start is
 * recorded before the handler runs, so the claims a crash leaves unstarted are told apart.
 *
 * <p>A handler runs on the worker thread itself (no hand-off per job). A timer thread
 * interrupts it at the task time limit and renews the leases of running jobs every third
 * of the lease, so a job may run longer than its lease as long as its worker is alive; a
 * renewal that finds the lease lost (the job was rescued) interrupts the handler, whose
 * late outcome then changes nothing.
 *
 * <p>Handlers are registered per type by {@link #register} (the DS component does it for
 * {@link JobHandler} services). Plain Java: unit-tested without a framework.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final SqliteJobQueue queue;
    private final PoolSettings settings;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    /** This server and this process, named in every worker id (null: a pool of a test, not released at start). */
    private final String owner;
    private final String process;
    /** Where each handler start is recorded before the handler runs (null: nowhere). */
    private final StartMarks marks;
    private final Object handlerLock = new Object();
    /** Every registered handler per type, first registered first; the first is the active one. */
    private final Map<String, List<JobHandler>> registered = new HashMap<>();
    private volatile Map<String, JobHandler> active = Map.of();
    private final AtomicInteger threads = new AtomicInteger();
    private final AtomicInteger idle = new AtomicInteger();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final Semaphore wakeups = new Semaphore(0);
    /**
     * Taken around the workers' claims and group commits (never around a handler). The
     * store's writer lock is fair: with several workers waiting, every commit hands it to a
     * parked thread, and the wake-up latency lands on the single writer's critical path. This
     * lock is not fair, and its holder claims for every worker waiting at it (see
     * {@link #claimFor}), so the store's lock stays uncontended and several workers pay one
     * commit (figures in the README). Workers wait for it as {@link Waiter}s, not in its own
     * queue; every holder releases it through {@link #unlockGate}. Nothing inside a store
     * write takes it, so it cannot deadlock with the store's lock.
     */
    private final ReentrantLock claimGate = new ReentrantLock(false);
    private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();
    private final Set<Task> running = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor timer;
    private final Consumer<String> enqueueListener = this::onEnqueue;
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder timedOut = new LongAdder();
    private final LongAdder leaseLost = new LongAdder();
    private volatile boolean open;
    private boolean started;

    public WorkerPool(SqliteJobQueue queue, PoolSettings settings) {
        this(queue, settings, null, null);
    }

    /**
     * A pool whose worker ids name the server ({@code owner}) and the process: claims they
     * leave behind when the process dies are released when the server starts again
     * ({@link SqliteJobQueue#releaseAbandoned}).
     */
    public WorkerPool(SqliteJobQueue queue, PoolSettings settings, String owner, String process) {
        this(queue, settings, owner, process, null);
    }

    /**
     * A pool that also records each handler start in {@code marks} (null: none), so that the
     * claims it leaves unstarted at a crash are released without counting as attempts or
     * crashes ({@link StartMarks}).
     */
    WorkerPool(SqliteJobQueue queue, PoolSettings settings, String owner, String process, StartMarks marks) {
        this.marks = marks;
        this.owner = owner;
        this.process = process;
        this.queue = Objects.requireNonNull(queue, "queue");
        this.settings = Objects.requireNonNull(settings, "settings");
        // claimId puts ".<claim number>" after "direct": holders begin with Job.CLAIMED_AT_ENQUEUE
        this.directWorkerId = owner == null ? "direct@" + instance : SqliteJobQueue.workerId("direct", owner, process);
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "devrig-queue-timer");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true); // a cancelled time limit per job must not pile up
    }

    /** Starts {@code minWorkers} threads and lease renewal. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        open = true;
        queue.addEnqueueListener(enqueueListener);
        queue.addCompletionListener(completionListener);
        if (settings.directHandOff()) {
            queue.setDirectTaker(directTaker);
        }
        long renewNanos = settings.lease().toNanos() / 3;
        timer.scheduleWithFixedDelay(this::renewLeases, renewNanos, renewNanos, TimeUnit.NANOSECONDS);
        for (int i = 0; i < settings.minWorkers(); i++) {
            spawn();
        }
    }

    // ---- handlers ----

    /**
     * Runs jobs of {@code type} with {@code handler}. With several handlers for one type the
     * first registered is used; the next takes over when it is unregistered.
     */
    public void register(String type, JobHandler handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        boolean becameActive;
        synchronized (handlerLock) {
            List<JobHandler> list = registered.computeIfAbsent(type, t -> new ArrayList<>());
            list.add(handler);
            becameActive = list.size() == 1;
            if (!becameActive) {
                LOG.warn("Job type '{}' has {} handlers; {} stays in use", type, list.size(), describe(list.get(0)));
            }
            publish(type, list.get(0));
        }
        if (becameActive) {
            wake(); // jobs of this type may be waiting
        }
    }

    /** Stops using {@code handler} for {@code type}; a job it is running finishes. Returns whether it was registered. */
    public boolean unregister(String type, JobHandler handler) {
        synchronized (handlerLock) {
            List<JobHandler> list = registered.get(type);
            if (list == null) {
                return false;
            }
            boolean wasActive = !list.isEmpty() && list.get(0) == handler;
            boolean removed = list.removeIf(h -> h == handler);
            if (wasActive && handler.retryPolicy() != null && handler.retryPolicy().equals(queue.retryPolicy(type))) {
                queue.setRetryPolicy(type, null);
            }
            if (list.isEmpty()) {
                registered.remove(type);
                publish(type, null);
            } else {
                publish(type, list.get(0));
            }
            return removed;
        }
    }

    /** Called with handlerLock held: makes {@code handler} the active one of {@code type} (null: none). */
    private void publish(String type, JobHandler handler) {
        Map<String, JobHandler> next = new LinkedHashMap<>(active);
        if (handler == null) {
            next.remove(type);
        } else {
            next.put(type, handler);
            RetryPolicy policy = handler.retryPolicy();
            if (policy != null) {
                queue.setRetryPolicy(type, policy);
            }
        }
        active = Map.copyOf(next);
    }

    /** The job types that have a handler. */
    public Set<String> types() {
        return active.keySet();
    }

    // ---- jobs claimed at their enqueue ----

    /** The worker name in the holders of jobs claimed at their enqueue (any worker of the pool runs them). */
    private final String directWorkerId;
    private final SqliteJobQueue.DirectTaker directTaker = new SqliteJobQueue.DirectTaker() {
        @Override
        public String holderFor(String type) {
            // a free worker will take it at once: fewer jobs buffered or handed over than
            // workers free (threads not running a handler, and room for more threads); else
            // the job waits for a claim, in claim order. One transaction that enqueues many
            // (a group of trigger fires) hands over only that many, as a batch claim would
            if (!open || !active.containsKey(type)
                    || ready.size() + reservations() >= settings.maxWorkers() - running.size()) {
                return null;
            }
            reserved.addLast(System.nanoTime());
            return claimId(directWorkerId);
        }

        @Override
        public Duration lease() {
            return settings.lease();
        }

        @Override
        public void take(Job job) {
            directHandOffs.increment();
            reserved.pollFirst();
            ready.addLast(job);
            if (!open) {
                releaseReady(); // closed meanwhile: give it back, not counted as an attempt
                return;
            }
            wake();
        }
    };
    private final LongAdder directHandOffs = new LongAdder();
    /**
     * When each job given a holder whose transaction has not committed yet got it. A rolled-back
     * enqueue is never taken, so a reservation counts for {@link #RESERVATION_NANOS} at most:
     * the bound is a soft one, and a rollback holds no slot for long.
     */
    private final java.util.concurrent.ConcurrentLinkedDeque<Long> reserved = new java.util.concurrent.ConcurrentLinkedDeque<>();
    static final long RESERVATION_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private int reservations() {
        long now = System.nanoTime();
        Long oldest;
        while ((oldest = reserved.peekFirst()) != null && now - oldest > RESERVATION_NANOS) {
            reserved.pollFirst();
        }
        return reserved.size();
    }

    /** Jobs claimed at their enqueue and handed to this pool (tests, benchmarks). */
    public long directHandOffCount() {
        return directHandOffs.sum();
    }

    // ---- threads ----

    private void onEnqueue(String type) {
        if (type == null || active.containsKey(type)) {
            wake();
        }
    }

    /** Lets an idle thread look for work now, or starts one if none is idle. */
    void wake() {
        if (!open) {
            return;
        }
        int idleNow = idle.get();
        // a spare permit costs at most one extra claim query; a missing one costs a poll interval.
        // Up to one per thread, not per idle thread: a worker whose claim found nothing just
        // before this job committed is not idle yet, and must find a permit when it gets there
        if (wakeups.availablePermits() < Math.max(1, threads.get())) {
            wakeups.release();
        }
        if (idleNow == 0) {
            spawn();
        }
    }

    private void spawn() {
        int n;
        do {
            n = threads.get();
            if (!open || n >= settings.maxWorkers()) {
                return;
            }
        } while (!threads.compareAndSet(n, n + 1));
        int number = workerNumbers.incrementAndGet();
        String workerId = owner == null ? "worker-" + number + "@" + instance
                : SqliteJobQueue.workerId("worker-" + number, owner, process);
        Thread t = new Thread(() -> workLoop(workerId), "devrig-queue-worker-" + number);
        t.setDaemon(true);
        workerThreads.add(t);
        t.start();
    }

    /** Ends this thread if more than {@code minWorkers} are running. */
    private boolean retire() {
        int n;
        do {
            n = threads.get();
            if (n <= settings.minWorkers()) {
                return false;
            }
        } while (!threads.compareAndSet(n, n - 1));
        return true;
    }

    private void workLoop(String workerId) {
        boolean retired = false;
        long idleSince = System.nanoTime();
        long idleTimeout = settings.idleTimeout().toNanos();
        try {
            while (open) {
                Job job = next(workerId);
                if (job != null) {
                    run(job);
                    idleSince = System.nanoTime();
                    continue;
                }
                long idleFor = System.nanoTime() - idleSince;
                if (idleFor >= idleTimeout && retire()) {
                    retired = true;
                    return;
                }
                long wait = Math.min(untilNextDue(), Math.max(1, idleTimeout - idleFor));
                idle.incrementAndGet();
                try {
                    wakeups.tryAcquire(wait, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    // not ours (close() wakes idle threads with permits): look again
                } finally {
                    idle.decrementAndGet();
                }
            }
        } catch (RuntimeException | Error e) {
            LOG.error("Queue worker {} stopped unexpectedly", workerId, e);
        } finally {
            if (!retired) {
                threads.decrementAndGet();
            }
            workerThreads.remove(Thread.currentThread());
        }
    }

    /**
     * How long an idle thread waits when nothing wakes it: the poll interval, or less when a
     * delayed job (or a retry) is due sooner, so it starts on time without polling.
     */
    private long untilNextDue() {
        long poll = settings.pollInterval().toNanos();
        try {
            java.time.Instant due = queue.nextDue();
            if (due == null) {
                return poll;
            }
            long nanos = Duration.between(queue.clock().now(), due).toNanos() + 1_000_000; // due strictly before the claim's now
            return Math.max(1, Math.min(poll, nanos));
        } catch (RuntimeException e) {
            return poll;
        }
    }

    /**
     * The next job to run: one claimed earlier in a batch, else one claimed for this worker
     * by whichever worker holds the claim gate (see {@link #claimFor}), in a transaction that
     * also commits the completions waiting for it (group commit). Null when nothing is due.
     */
    private Job next(String workerId) {
        if (leaveToTheRunningWorker()) {
            rests.increment();
            checkBufferSoon(); // if the running job is long after all, this worker is woken for the rest
            return null;
        }
        Job job = ready.pollFirst();
        if (job != null) {
            lastBufferTake = System.nanoTime();
            bufferStalled = false;
        }
        if (job == null) {
            Set<String> types = active.keySet();
            if (!open || types.isEmpty()) {
                if (!acks.isEmpty()) {
                    commitAcks();
                }
                return null;
            }
            // one job per worker: combined claims; batches: one claimer fills the buffer for all
            job = settings.claimBatch() == 1 ? claimFor(workerId, types) : claimBatch(workerId, types);
            if (job == null) {
                return null;
            }
        }
        PendingAck oldest = acks.peek();
        if (oldest != null) {
            // completions no claim of ours committed: commit them now if they waited long enough,
            // else the timer does when the handlers that follow take long
            if (System.nanoTime() - oldest.sinceNanos() >= ACK_DELAY_NANOS) {
                commitAcks();
            } else {
                scheduleFlush(ACK_DELAY_NANOS);
            }
        }
        // there may be more work: let another thread look
        int waiting = ready.size();
        if (waiting > 0 && !worthAnotherWorker(waiting)) {
            checkBufferSoon(); // short jobs: this worker runs them itself, unless they are still there in a moment
            return job;
        }
        helpWith(waiting);
        return job;
    }

    /** Wakes an idle worker for the buffered jobs, or starts one (up to the maximum) when none is idle. */
    private void helpWith(int waiting) {
        int idleNow = idle.get();
        if (idleNow == 0) {
            spawn();
        } else if (waiting > 0 && wakeups.availablePermits() < Math.min(idleNow, waiting)) {
            wakeups.release();
        }
    }

    /**
     * Buffered work this short is run by the worker that has it: waking another thread costs
     * both a context switch, more than a few no-op jobs take (on 2 CPUs 4 workers ran no-op
     * batches slower than 1). The estimate is the handlers' moving average.
     */
    static final long WORTH_A_WAKE_UP_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /**
     * When the first buffered job is still waiting this long (nobody took a job meanwhile: the
     * job running took longer than the average), another worker is woken anyway.
     */
    static final long BUFFER_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private final java.util.concurrent.atomic.AtomicBoolean bufferCheckScheduled = new java.util.concurrent.atomic.AtomicBoolean();

    /** Times a worker rested between jobs, leaving short buffered jobs to the running one (tests). */
    private final java.util.concurrent.atomic.LongAdder rests = new java.util.concurrent.atomic.LongAdder();

    long restCount() {
        return rests.sum();
    }

    /** When a worker last took a job from the buffer (see {@link #leaveToTheRunningWorker}). */
    private volatile long lastBufferTake;
    /** Set when a buffered job waited {@link #BUFFER_CHECK_NANOS} untaken; cleared by the next take. */
    private volatile boolean bufferStalled;

    /**
     * Whether this worker, between jobs, should rest and leave the buffered batch to the
     * worker running now: the jobs are so short that a whole batch takes less than a wake-up
     * ({@link #worthAnotherWorker}), so a second active worker only shares them at the price
     * of context switches and contention (on 2 CPUs 4 active workers drained no-op batches
     * at 0.87x of one). Not when the buffer stalls (nobody took a job for
     * {@link #BUFFER_CHECK_NANOS}: the running job is long after all), nor before the
     * handlers' average is known.
     */
    private boolean leaveToTheRunningWorker() {
        return settings.claimBatch() > 1 && !bufferStalled && !running.isEmpty() && avgRunNanos > 0
                && !worthAnotherWorker(settings.claimBatch())
                && System.nanoTime() - lastBufferTake < BUFFER_CHECK_NANOS;
    }

    private boolean worthAnotherWorker(int waiting) {
        long avg = avgRunNanos;
        return avg == 0 || avg * waiting >= WORTH_A_WAKE_UP_NANOS;
    }

    /**
     * In {@link #BUFFER_CHECK_NANOS}: when the job first in the buffer then is still first, the
     * buffer stalled and a worker is woken for it. When another job is first by then (jobs were
     * taken, or a new batch came in after this check was scheduled), the check looks again a
     * moment later while the buffer holds jobs: a check scheduled before a batch must not end
     * without having watched that batch (a long first job would keep the rest of it waiting).
     */
    private void checkBufferSoon() {
        if (bufferCheckScheduled.compareAndSet(false, true)) {
            scheduleBufferCheck(ready.peekFirst());
        }
    }

    private void scheduleBufferCheck(Job first) {
        try {
            timer.schedule(() -> {
                Job now = ready.peekFirst();
                if (now != null && now == first) {
                    bufferCheckScheduled.set(false);
                    bufferStalled = true; // the worker woken must take it (leaveToTheRunningWorker)
                    helpWith(ready.size());
                } else if (now != null) {
                    scheduleBufferCheck(now); // still scheduled: watch the job first now
                } else {
                    bufferCheckScheduled.set(false);
                    if (!ready.isEmpty()) { // a batch came in as the flag went down: watch it
                        checkBufferSoon();
                    }
                }
            }, BUFFER_CHECK_NANOS, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            bufferCheckScheduled.set(false); // closed
        }
    }

    /** How long a batch should take to run, at most: jobs claimed beyond it would only wait (and be exposed to a crash). */
    static final long BATCH_SPAN_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** Moving average of the handlers' run time (0: nothing ran yet). */
    private volatile long avgRunNanos;

    /**
     * {@code claimBatch}, or fewer when handlers are slow: about {@link #BATCH_SPAN_NANOS} of work
     * per free worker, at least one job. No-op and short jobs get the whole batch (one commit for
     * many jobs); jobs of a second get one each, as without batching, so claimed jobs do not sit
     * behind a busy worker.
     */
    private int batchSize() {
        int max = settings.claimBatch();
        long avg = avgRunNanos;
        if (max == 1 || avg <= 0) {
            return max;
        }
        int free = Math.max(1, settings.maxWorkers() - running.size());
        long n = BATCH_SPAN_NANOS * free / avg;
        return (int) Math.max(1, Math.min(max, n));
    }

    private final java.util.concurrent.atomic.AtomicLong claims = new java.util.concurrent.atomic.AtomicLong();

    /**
     * The lease holder named in one claim: the worker id with a claim number in its name
     * ({@code worker-1.42@owner#process}), so every claim has its own holder. A completion
     * waits for its group commit, and meanwhile the job may have been rescued and claimed
     * again by the same worker; with one holder per claim River's rule still tells the two
     * claims apart, and the late completion changes nothing. Owner and process stay where
     * {@link SqliteJobQueue#holder} reads them. The number is hexadecimal, 12 digits.
     */
    private String claimId(String workerId) {
        int at = workerId.indexOf('@');
        long n = claims.incrementAndGet();
        // fixed width, so a worker's holders sort in claim order;
        // padded by hand: String.format showed in the claim path's profile (once per claim)
        String hex = Long.toHexString(n);
        String number = hex.length() >= 12 ? hex : "000000000000".substring(hex.length()) + hex;
        return at < 0 ? workerId + "." + number : workerId.substring(0, at) + "." + number + workerId.substring(at);
    }

    // ---- combining at the claim gate ----

    /** A worker waiting for a job at the claim gate; the worker holding the gate claims for it. */
    private static final class Waiter {
        final String workerId;
        final Thread thread = Thread.currentThread();
        /** Written before {@link #served}, read after it. */
        Job job;
        volatile boolean served;

        Waiter(String workerId) {
            this.workerId = workerId;
        }
    }

    /** Workers waiting at the claim gate, in arrival order. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Waiter> waiters = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Claim transactions made (combined or not), for tests and figures. */
    private final LongAdder claimTransactions = new LongAdder();
    /** How long a waiter parks before it looks at the gate again on its own; a safety net, the holder unparks it. */
    private static final long WAITER_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Flat combining ({@code claimBatch} 1): the worker registers as a waiter; whoever holds
     * the claim gate (this worker if it gets it) serves every waiter registered by then with
     * one transaction that commits the waiting completions and claims one job per waiter. So
     * several workers pay one commit where one
     * worker would, and a served worker is unparked once, with its job, instead of taking
     * its own turn at the gate and the writer. Returns this worker's job, or null when
     * nothing was due (or the claim failed).
     */
    private Job claimFor(String workerId, Set<String> types) {
        Waiter me = new Waiter(workerId);
        waiters.add(me);
        while (!me.served) {
            if (claimGate.tryLock()) {
                try {
                    if (!me.served) {
                        combine(types);
                    }
                } finally {
                    unlockGate();
                }
            } else {
                LockSupport.parkNanos(this, WAITER_PARK_NANOS);
            }
        }
        return me.job;
    }

    /**
     * Releases the claim gate and unparks the first waiter left, who then claims for the
     * waiters that came after the holder took its group. Every holder of the gate leaves
     * through here: a waiter whose tryLock failed is therefore always woken.
     */
    private void unlockGate() {
        claimGate.unlock();
        Waiter next = waiters.peek();
        if (next != null) {
            LockSupport.unpark(next.thread);
        }
    }

    /**
     * Called holding the claim gate ({@code claimBatch} 1): serves every waiter registered now
     * with one claim transaction, one job per waiter under the waiter's own holder, in claim
     * order. Every waiter taken is served, with null when there was no job for it.
     */
    private void combine(Set<String> types) {
        List<Waiter> group = new ArrayList<>();
        for (Waiter w; (w = waiters.poll()) != null;) {
            group.add(w);
        }
        List<Job> jobs = List.of();
        try {
            if (open) { // a stopping pool claims nothing more
                List<String> holders = new ArrayList<>(group.size());
                for (Waiter w : group) {
                    holders.add(claimId(w.workerId));
                }
                jobs = commitAndClaim(group.get(0).workerId, holders, types);
            }
        } finally {
            Thread self = Thread.currentThread();
            for (int i = 0; i < group.size(); i++) {
                Waiter w = group.get(i);
                w.job = i < jobs.size() ? jobs.get(i) : null;
                w.served = true;
                if (w.thread != self) {
                    LockSupport.unpark(w.thread);
                }
            }
        }
    }

    /**
     * With {@code claimBatch} > 1: the worker takes the gate (waiting in its queue) and, if the
     * buffer is still empty, claims a batch for the buffer, keeping the first job. Workers
     * queued at the gate meanwhile find the buffer filled when they get it. (Combining the
     * batch claim with the waiters, as {@link #claimFor} does, measured about 4 % slower with
     * 4 workers: they take from the buffer without a hand-off anyway.)
     */
    private Job claimBatch(String workerId, Set<String> types) {
        claimGate.lock();
        try {
            Job job = ready.pollFirst(); // another worker may have claimed meanwhile
            if (job != null || !open) {
                return job;
            }
            List<Job> claimed = commitAndClaim(workerId,
                    java.util.Collections.nCopies(batchSize(), claimId(workerId)), types);
            if (claimed.isEmpty()) {
                return null;
            }
            ready.addAll(claimed.subList(1, claimed.size()));
            return claimed.get(0);
        } finally {
            unlockGate();
        }
    }

    /** Workers waiting at the claim gate now (tests). */
    int waitingCount() {
        return waiters.size();
    }

    /** Claim transactions made so far (tests). */
    long claimTransactionCount() {
        return claimTransactions.sum();
    }

    /** The claim gate, for tests that hold it while workers queue up. */
    ReentrantLock claimGate() {
        return claimGate;
    }

    /**
     * Called holding the claim gate: commits the waiting completions and claims one job per
     * holder, in one transaction. On failure the transaction rolled back: the completions
     * wait for the next try and no job was claimed.
     */
    private List<Job> commitAndClaim(String workerId, List<String> holders, Set<String> types) {
        List<SqliteJobQueue.Ack> batch = drainAcks();
        SqliteJobQueue.Group group;
        try {
            claimTransactions.increment();
            // a claim only opens a savepoint for handlers that write with their claims
            group = queue.commitAndClaim(batch, holders, types, settings.lease(),
                    anyWritesWithClaims(types) ? this::claimed : null);
        } catch (DevRigException e) {
            // busy or closed database: the transaction rolled back; the completions wait for the next try
            requeueAcks(batch);
            LOG.warn("Queue worker {} could not claim a job: {}", workerId, e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            // e.g. a row another writer left unreadable: keep the thread, try again after a poll interval
            requeueAcks(batch);
            LOG.error("Queue worker {} could not claim a job", workerId, e);
            return List.of();
        }
        counted(group);
        return group.claimed();
    }

    /** Handler classes by whether they implement {@link JobHandler#claimed}. */
    private static final Map<Class<?>, Boolean> CLAIM_WRITERS = new ConcurrentHashMap<>();

    /** Whether {@code handler} implements {@link JobHandler#claimed} (the default does nothing). */
    static boolean writesWithClaims(JobHandler handler) {
        if (handler instanceof OnDemandHandler onDemand) {
            return onDemand.writesWithClaims();
        }
        return CLAIM_WRITERS.computeIfAbsent(handler.getClass(), c -> {
            try {
                return c.getMethod("claimed", SqlHandle.class, List.class).getDeclaringClass()
                        != JobHandler.class;
            } catch (NoSuchMethodException e) {
                return false;
            }
        });
    }

    private boolean anyWritesWithClaims(Set<String> types) {
        for (String type : types) {
            JobHandler handler = active.get(type);
            if (handler != null && writesWithClaims(handler)) {
                return true;
            }
        }
        return false;
    }

    /** Inside a claim transaction: each handler told of its jobs ({@link JobHandler#claimed}). */
    private void claimed(SqlHandle transaction, List<Job> jobs) throws SQLException {
        Map<String, List<Job>> byType = new java.util.LinkedHashMap<>();
        for (Job j : jobs) {
            byType.computeIfAbsent(j.type(), t -> new ArrayList<>()).add(j);
        }
        for (Map.Entry<String, List<Job>> e : byType.entrySet()) {
            JobHandler handler = active.get(e.getKey());
            if (handler != null) { // the default does nothing: no need to ask writesWithClaims again
                handler.claimed(transaction, e.getValue());
            }
        }
    }

    // ---- group commit of completions ----

    /** A completion waiting for the next claim (or the flush timer), and since when. */
    private record PendingAck(SqliteJobQueue.Ack ack, long sinceNanos) {
    }

    /** Completions not committed yet, oldest first. */
    private final java.util.concurrent.ConcurrentLinkedQueue<PendingAck> acks = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean flushScheduled = new java.util.concurrent.atomic.AtomicBoolean();
    /** Claimed in a batch, not started yet, in claim order; taken by any worker. */
    private final java.util.concurrent.ConcurrentLinkedDeque<Job> ready = new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** The longest a completion waits for a claim to commit it before the timer commits it on its own. */
    static final long ACK_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * A handler returned: its completion is committed with the next claim. The timer commits
     * it within {@link #ACK_DELAY_NANOS} when the worker goes on without a claim (it takes a
     * job from the buffer, see {@link #next}), so a worker that claims next costs no timer.
     */
    private void ack(Job job, SqlWork<?> writes) {
        acks.add(new PendingAck(new SqliteJobQueue.Ack(job.id(), job.lockedBy(), writes), System.nanoTime()));
    }

    /**
     * Completes a job now, with its handler's writes if any (the pool stops: no group commit
     * to wait for); counted as a group commit of one.
     */
    private void complete(Job job, String workerId, SqlWork<?> writes) {
        try {
            counted(queue.commitAndClaim(List.of(new SqliteJobQueue.Ack(job.id(), workerId, writes)), "flush", Set.of(),
                    settings.lease(), 0));
        } catch (RuntimeException e) {
            LOG.warn("Job {} ({}) finished but could not be marked completed ({}); it will be rescued when its lease "
                    + "expires", job.id(), job.type(), e.getMessage());
        }
    }

    private void scheduleFlush(long delayNanos) {
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                timer.schedule(this::flushAcks, delayNanos, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                flushScheduled.set(false); // closed: close() flushes
            }
        }
    }

    /** On the timer: commits completions that waited {@link #ACK_DELAY_NANOS} for a claim. */
    private void flushAcks() {
        flushScheduled.set(false);
        PendingAck oldest = acks.peek();
        if (oldest == null) {
            return;
        }
        long waited = System.nanoTime() - oldest.sinceNanos();
        if (waited < ACK_DELAY_NANOS) {
            scheduleFlush(ACK_DELAY_NANOS - waited);
            return;
        }
        commitAcks();
    }

    /** Commits every waiting completion now, in one transaction. */
    private void commitAcks() {
        claimGate.lock();
        try {
            List<SqliteJobQueue.Ack> batch = drainAcks();
            if (batch.isEmpty()) {
                return;
            }
            try {
                counted(queue.commitAndClaim(batch, "flush", Set.of(), settings.lease(), 0));
            } catch (DevRigException e) {
                LOG.warn("{} finished job(s) could not be marked completed ({}); they will be rescued when their "
                        + "leases expire", batch.size(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("{} finished job(s) could not be marked completed", batch.size(), e);
            }
        } finally {
            unlockGate();
        }
        if (!acks.isEmpty()) {
            scheduleFlush(ACK_DELAY_NANOS);
        }
    }

    private List<SqliteJobQueue.Ack> drainAcks() {
        List<SqliteJobQueue.Ack> out = new ArrayList<>();
        PendingAck a;
        while ((a = acks.poll()) != null) {
            out.add(a.ack());
        }
        return out;
    }

    private void requeueAcks(List<SqliteJobQueue.Ack> batch) {
        long now = System.nanoTime();
        for (SqliteJobQueue.Ack a : batch) {
            acks.add(new PendingAck(a, now));
        }
        if (!batch.isEmpty()) {
            scheduleFlush(settings.pollInterval().toNanos());
        }
    }

    private void counted(SqliteJobQueue.Group group) {
        completed.add(group.completed().size());
        if (marks != null) {
            group.completed().forEach(a -> marks.finished(a.jobId(), a.workerId()));
            group.lost().forEach(a -> marks.finished(a.jobId(), a.workerId()));
        }
        for (SqliteJobQueue.Ack lost : group.lost()) {
            leaseLost.increment();
            LOG.warn("Job {} finished, but worker {} had lost its lease (or its result could not be written); the "
                    + "completion changed nothing", lost.jobId(), lost.workerId());
        }
    }

    /** Gives back the claims of a batch that were not started (the pool stops): not counted as attempts. */
    private void releaseReady() {
        List<SqliteJobQueue.Ack> unstarted = new ArrayList<>();
        Job j;
        while ((j = ready.pollFirst()) != null) {
            unstarted.add(new SqliteJobQueue.Ack(j.id(), j.lockedBy()));
        }
        release(unstarted);
    }

    private void release(List<SqliteJobQueue.Ack> unstarted) {
        try {
            queue.release(unstarted);
        } catch (RuntimeException e) {
            LOG.warn("{} claimed job(s) that did not start could not be given back ({}); they will be rescued when "
                    + "their leases expire", unstarted.size(), e.toString());
        }
    }

    // ---- running a job ----

    /**
     * A job completed through the queue while its handler runs here (the handler completed
     * it in the transaction of its result): the pool commits no completion of its own.
     */
    private final java.util.function.BiConsumer<String, String> completionListener = (jobId, workerId) -> {
        for (Task task : running) {
            if (task.job.id().equals(jobId) && task.workerId.equals(workerId)) {
                task.completedByHandler = true;
            }
        }
    };

    /** Runs the job (claimed by the worker id {@code job.lockedBy()}) and records its outcome. */
    private void run(Job job) {
        String workerId = job.lockedBy();
        JobHandler handler = active.get(job.type());
        if (handler == null) {
            // its bundle stopped after the batch was claimed: it never started, give it back
            release(List.of(new SqliteJobQueue.Ack(job.id(), workerId)));
            return;
        }
        Duration taskTimeout = taskTimeout(handler, job);
        if (marks != null) {
            // before the handler (a death from here on is this job's), and before the task can be interrupted
            marks.started(job.id(), workerId);
        }
        long t0 = System.nanoTime();
        Task task = new Task(job, workerId, Thread.currentThread(), taskTimeout, t0 + taskTimeout.toNanos());
        running.add(task);
        watchDeadline(task.deadlineNanos); // after running.add: a sweep under way then sees the task
        Throwable thrown = null;
        SqlWork<?> writes = null;
        try {
            writes = handler.handleWithCompletion(job);
        } catch (Throwable t) { // NOPMD: a handler's failure of any kind is the job's, never the worker's
            thrown = t;
        }
        long took = System.nanoTime() - t0;
        long avg = avgRunNanos;
        avgRunNanos = avg == 0 ? took : avg + (took - avg) / 8; // racy on purpose: an estimate
        running.remove(task);
        adoptRetryPolicy(job.type(), handler);
        Task.State state = task.finish();
        // ours (time limit, lost lease, stop) or left behind by the handler: not for the next job
        Thread.interrupted();
        // its completion waits for the group commit, which tells the start marks (see counted)
        boolean ackPending = !task.completedByHandler && state == Task.State.RUNNING && thrown == null;
        if (task.completedByHandler) {
            // its completion is committed: whatever happened after it changes nothing
            completed.increment();
            if (thrown != null || state != Task.State.RUNNING || writes != null) {
                LOG.warn("Job {} ({}) was completed by its handler, which then {}", job.id(), job.type(),
                        thrown != null ? "failed: " + thrown : writes != null ? "returned writes for its completion "
                                + "(not written)" : "ran into " + state);
            }
        } else {
            recordOutcome(job, workerId, state, thrown, taskTimeout, writes);
        }
        if (marks != null && !ackPending) {
            marks.finished(job.id(), workerId); // its outcome is written
        }
    }

    /** Records what a handler's run came to, when the handler did not complete its job itself. */
    private void recordOutcome(Job job, String workerId, Task.State state, Throwable thrown, Duration taskTimeout,
            SqlWork<?> writes) {
        switch (state) {
            case RUNNING -> {
                if (thrown == null) {
                    ack(job, writes);
                } else {
                    record(job, workerId, errorOf(job, thrown));
                }
            }
            case TIMED_OUT -> record(job, workerId, timeoutError(job, taskTimeout, false));
            case ABANDONED -> LOG.warn("Job {} ({}) returned after its time limit; its timeout was already recorded",
                    job.id(), job.type());
            case LEASE_LOST -> {
                leaseLost.increment();
                LOG.warn("Job {} ({}) finished after worker {} lost its lease; its outcome is dropped", job.id(),
                        job.type(), workerId);
            }
            case STOPPING -> {
                if (thrown == null) {
                    complete(job, workerId, writes);
                } else {
                    record(job, workerId, new DevRigError(QueueErrors.QUEUE_WORKER_STOPPED, ErrorCategory.TRANSIENT,
                            "the worker pool stopped while job type '" + job.type() + "' was running",
                            Map.of(), true, null, null, queue.clock().now()));
                }
            }
            default -> throw new IllegalStateException("unexpected task state " + state);
        }
    }

    private void record(Job job, String workerId, DevRigError error) {
        try {
            FailOutcome outcome = queue.fail(job.id(), workerId, error);
            switch (outcome.result()) {
                case RETRY_SCHEDULED -> {
                    failed.increment();
                    LOG.info("Job {} ({}) attempt {} failed, retry at {}: {}", job.id(), job.type(), outcome.attempts(),
                            outcome.nextRetryAt(), error.summary());
                }
                case DEAD -> failed.increment(); // the queue logs dead jobs
                case LEASE_LOST -> {
                    leaseLost.increment();
                    LOG.warn("Job {} ({}) failed after worker {} lost its lease; the failure changed nothing: {}",
                            job.id(), job.type(), workerId, error.summary());
                }
                default -> throw new IllegalStateException();
            }
        } catch (DevRigException e) {
            LOG.warn("Job {} ({}) failed ({}) but the failure could not be recorded ({}); it will be rescued when its "
                    + "lease expires", job.id(), job.type(), error.summary(), e.getMessage());
        }
    }

    /** A handler's exception as the attempt's error (see {@link JobHandler}). */
    DevRigError errorOf(Job job, Throwable thrown) {
        if (thrown instanceof DevRigException e) {
            return e.error();
        }
        ErrorCategory category;
        if (thrown instanceof InterruptedException || thrown instanceof TimeoutException) {
            category = ErrorCategory.TIMEOUT;
        } else if (thrown instanceof VirtualMachineError) {
            category = ErrorCategory.RESOURCE;
        } else {
            category = ErrorCategory.PERMANENT;
        }
        return new DevRigError(QueueErrors.QUEUE_HANDLER_FAILED, category,
                "handler of job type '" + job.type() + "' failed: " + describe(thrown),
                Map.of("exception", thrown.getClass().getName()), category.retryableByDefault(), null, null,
                queue.clock().now());
    }

    private DevRigError timeoutError(Job job, Duration taskTimeout, boolean ignoredInterrupt) {
        return new DevRigError(QueueErrors.QUEUE_TASK_TIMEOUT, ErrorCategory.TIMEOUT,
                "handler of job type '" + job.type() + "' did not finish within " + taskTimeout.toMillis()
                        + " ms and was interrupted"
                        + (ignoredInterrupt ? "; it ignored the interrupt and still holds its thread" : ""),
                Map.of("taskTimeoutMs", taskTimeout.toMillis()), true, null, null, queue.clock().now());
    }

    /** A handler taken on demand says its retry policy only once it ran: use it from then on. */
    private void adoptRetryPolicy(String type, JobHandler handler) {
        try {
            RetryPolicy own = handler.retryPolicy();
            if (own != null && !own.equals(queue.retryPolicy(type))) {
                queue.setRetryPolicy(type, own);
            }
        } catch (RuntimeException e) {
            LOG.warn("Handler of job type '{}' could not say its retry policy: {}", type, e.toString());
        }
    }

    /** The handler's own limit for the job when it has one, else the configured one. */
    private Duration taskTimeout(JobHandler handler, Job job) {
        try {
            Duration own = handler.taskTimeout(job);
            return own != null && !own.isNegative() && !own.isZero() ? own : settings.taskTimeout();
        } catch (RuntimeException e) {
            LOG.warn("Handler of job type '{}' could not say its time limit ({}); using {} ms", job.type(),
                    e.toString(), settings.taskTimeout().toMillis());
            return settings.taskTimeout();
        }
    }

    // ---- time limits: one sweep at the earliest deadline, not a timer task per job ----

    /**
     * When the next deadline sweep is scheduled ({@code System.nanoTime()} based; MAX_VALUE:
     * none). A timer task per job (schedule, then cancel) took the timer queue's lock twice a
     * job, shared by every worker; time limits are nearly always the same, so a job started
     * after the one whose deadline is watched needs nothing scheduled.
     */
    private final java.util.concurrent.atomic.AtomicLong nextSweep = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);

    /** Makes sure a sweep runs at {@code deadline} or earlier. */
    private void watchDeadline(long deadline) {
        long next;
        do {
            next = nextSweep.get();
            if (next != Long.MAX_VALUE && deadline - next >= 0) {
                return; // a sweep comes first; it watches what is left
            }
        } while (!nextSweep.compareAndSet(next, deadline));
        try {
            timer.schedule(this::sweepDeadlines, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: stopping interrupts what runs
        }
    }

    /** On the timer thread: times out the tasks past their deadline and watches the earliest other one. */
    private void sweepDeadlines() {
        long now = System.nanoTime();
        long next = nextSweep.get();
        if (next != Long.MAX_VALUE && next - now > 0) {
            return; // an earlier sweep was scheduled after this one and moved the watch on
        }
        nextSweep.set(Long.MAX_VALUE); // before the scan: a task added meanwhile schedules its own sweep
        long earliest = Long.MAX_VALUE;
        for (Task task : running) {
            if (task.deadlineNanos - now <= 0) {
                timeOut(task);
            } else if (earliest == Long.MAX_VALUE || task.deadlineNanos - earliest < 0) {
                earliest = task.deadlineNanos;
            }
        }
        if (earliest != Long.MAX_VALUE) {
            watchDeadline(earliest);
        }
    }

    /** On the timer thread, at the time limit. */
    private void timeOut(Task task) {
        if (task.timeOut()) {
            timedOut.increment();
            LOG.warn("Job {} ({}) exceeded its time limit of {} ms; interrupting its handler", task.job.id(),
                    task.job.type(), task.timeout.toMillis());
            timer.schedule(() -> abandon(task), settings.interruptGrace().toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** On the timer thread, a grace period after the interrupt: the handler has not returned, record the timeout for it. */
    private void abandon(Task task) {
        if (task.abandon()) {
            record(task.job, task.workerId, timeoutError(task.job, task.timeout, true));
        }
    }

    /** On the timer thread: keeps the leases of running jobs; a lost lease interrupts the handler. */
    private void renewLeases() {
        for (Job job : ready) {
            try {
                if (!queue.extendLease(job.id(), job.lockedBy(), settings.lease())) {
                    ready.remove(job); // rescued meanwhile: not ours to start any more
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not renew the lease of job {}: {}", job.id(), e.toString());
            }
        }
        for (Task task : running) {
            if (!task.isRunning()) {
                continue;
            }
            try {
                if (!queue.extendLease(task.job.id(), task.workerId, settings.lease()) && task.leaseLost()) {
                    LOG.warn("Worker {} lost the lease of job {} ({}); interrupting its handler", task.workerId,
                            task.job.id(), task.job.type());
                }
            } catch (DevRigException e) {
                LOG.warn("Could not renew the lease of job {}: {}", task.job.id(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("Lease renewal of job {} failed", task.job.id(), e);
            }
        }
    }

    private static String describe(Object o) {
        if (o instanceof Throwable t) {
            String message = t.getMessage();
            if (message == null || message.isBlank()) {
                return t.getClass().getName();
            }
            // handler-controlled text, so bounded
            return t.getClass().getName() + ": " + (message.length() > 200 ? message.substring(0, 200) + "…" : message);
        }
        return o.getClass().getName();
    }

    // ---- figures ----

    /** Worker threads alive. */
    public int threadCount() {
        return threads.get();
    }

    /** Worker threads waiting for work. */
    public int idleCount() {
        return idle.get();
    }

    /** Handlers running now. */
    public int busyCount() {
        return running.size();
    }

    public long completedCount() {
        return completed.sum();
    }

    /** Attempts recorded as failed (retry scheduled or dead). */
    public long failedCount() {
        return failed.sum();
    }

    public long timedOutCount() {
        return timedOut.sum();
    }

    /** Outcomes dropped because the worker had lost its lease. */
    public long leaseLostCount() {
        return leaseLost.sum();
    }

    // ---- stopping ----

    /**
     * Stops claiming, lets running handlers finish for {@code shutdownGrace}, then interrupts
     * them (their attempts fail with {@code QUEUE_WORKER_STOPPED}, category transient, and are
     * retried). A handler that ignores the interrupt keeps its thread; its job is rescued when
     * its lease expires.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!open) {
                timer.shutdownNow();
                return;
            }
            open = false;
        }
        queue.removeEnqueueListener(enqueueListener);
        queue.removeCompletionListener(completionListener);
        queue.removeDirectTaker(directTaker);
        wakeups.release(settings.maxWorkers() + workerThreads.size());
        awaitWorkers(System.nanoTime() + settings.shutdownGrace().toNanos());
        if (!workerThreads.isEmpty()) {
            running.forEach(Task::stop); // idle threads left with the permits above
            awaitWorkers(System.nanoTime() + settings.interruptGrace().toNanos());
        }
        releaseReady();
        commitAcks();
        timer.shutdownNow();
        if (!workerThreads.isEmpty()) {
            LOG.warn("{} queue worker thread(s) still run handlers that ignore interruption; their jobs will be "
                    + "rescued when their lease expires", workerThreads.size());
        }
    }

    private void awaitWorkers(long deadlineNanos) {
        for (Thread t : List.copyOf(workerThreads)) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One job running on one worker thread, and who may interrupt it. */
    private static final class Task {
        enum State { RUNNING, TIMED_OUT, ABANDONED, LEASE_LOST, STOPPING, FINISHED }

        final Job job;
        final String workerId;
        final Thread thread;
        final Duration timeout;
        /** {@code System.nanoTime()} at the time limit. */
        final long deadlineNanos;
        /** Set when the handler completed the job itself (see {@link WorkerPool#completionListener}). */
        volatile boolean completedByHandler;
        private State state = State.RUNNING;

        Task(Job job, String workerId, Thread thread, Duration timeout, long deadlineNanos) {
            this.job = job;
            this.workerId = workerId;
            this.thread = thread;
            this.timeout = timeout;
            this.deadlineNanos = deadlineNanos;
        }

        synchronized boolean isRunning() {
            return state == State.RUNNING;
        }

        // The interrupts happen inside the lock, so once finish() returned none can arrive late.
        synchronized boolean timeOut() {
            return interruptIf(State.TIMED_OUT);
        }

        synchronized boolean leaseLost() {
            return interruptIf(State.LEASE_LOST);
        }

        synchronized void stop() {
            interruptIf(State.STOPPING);
        }

        private boolean interruptIf(State next) {
            if (state != State.RUNNING) {
                return false;
            }
            state = next;
            thread.interrupt();
            return true;
        }

        synchronized boolean abandon() {
            if (state != State.TIMED_OUT) {
                return false;
            }
            state = State.ABANDONED;
            return true;
        }

        /** Called by the worker when the handler returned: what happened meanwhile. */
        synchronized State finish() {
            State was = state;
            state = State.FINISHED;
            return was;
        }
    }
}
