package io.devrig.queue.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.queue.AttemptError;
import io.devrig.api.queue.DeadJob;
import io.devrig.api.queue.Enqueued;
import io.devrig.api.queue.FailOutcome;
import io.devrig.api.queue.Job;
import io.devrig.api.queue.JobQueue;
import io.devrig.api.queue.JobRequest;
import io.devrig.api.queue.JobStatus;
import io.devrig.api.queue.QueueErrors;
import io.devrig.api.queue.QueueStats;
import io.devrig.api.queue.RescueResult;
import io.devrig.api.retry.RetryPolicy;
import io.devrig.api.store.Database;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import io.devrig.api.time.DevRigClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link JobQueue} on the {@code job_queue} table. Plain Java; {@link QueueComponent}
 * publishes it.
 *
 * <p>How the columns are used (no migration of our own; see the README):
 * <ul>
 * <li>{@code next_retry_at}: PENDING — not claimable before (null: now); PROCESSING — when
 * the lease expires, i.e. when the job is due again if its worker vanishes. The claim sets
 * it, renewals move it, rescue looks for it in the past (index {@code idx_jq_retry}).</li>
 * <li>{@code locked_by}/{@code locked_at}: the lease holder and claim time, PROCESSING only.</li>
 * <li>{@code error}: every attempt's error, a JSON array ({@link ErrorHistory}).</li>
 * <li>{@code completed_at}: when the job completed or went dead.</li>
 * <li>{@code id}: a ULID, or for a job with an idempotency key {@code k_} + a hash of type
 * and key, so the primary key makes the second enqueue a no-op.</li>
 * </ul>
 *
 * <p>Every state change runs in one {@link Database#write} (one writer, serialized), and
 * every change made on a worker's behalf is conditional on {@code locked_by = worker AND
 * status = 'processing'}: a worker that lost its lease changes nothing.
 */
public final class SqliteJobQueue implements JobQueue {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteJobQueue.class);

    /** The columns {@link #job} reads, by position: keep the order. */
    static final String COLUMNS = "id, type, payload, priority, status, attempts, max_attempts, next_retry_at, "
            + "locked_by, locked_at, created_at, completed_at";
    /**
     * What a claim reads back, by position ({@link Claim#job}): the rest of a claimed job
     * (status, holder, lock time, lease end) is what the claim itself wrote.
     */
    static final String CLAIMED_COLUMNS = "id, type, payload, priority, attempts, max_attempts, created_at";
    /** River's rule: only the worker holding the lease of a PROCESSING job completes it. */
    static final String COMPLETE = "UPDATE job_queue SET status = 'completed', completed_at = ?, locked_by = NULL, "
            + "locked_at = NULL, next_retry_at = NULL WHERE id = ? AND locked_by = ? AND status = 'processing'";
    /** Prefix of the ids of jobs enqueued with an idempotency key. */
    static final String KEYED_ID_PREFIX = "k_";
    private static final int CLEANUP_BATCH = 500;
    private static final char[] BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Database db;
    private final DevRigClock clock;
    private final DoubleSupplier random;
    private final UlidGenerator ids;
    private final ObjectMapper mapper;
    private final ErrorHistory history;
    private final Map<String, RetryPolicy> policies = new ConcurrentHashMap<>();
    private final List<Consumer<String>> enqueueListeners = new CopyOnWriteArrayList<>();
    /** Claim statements by number of types (the IN list), so the text is built once. */
    private final Map<Integer, String> claimSql = new ConcurrentHashMap<>();
    /** Batch claim statements by number of types. */
    private final Map<Integer, String> claimBatchSql = new ConcurrentHashMap<>();
    private volatile RetryPolicy defaultPolicy;
    /** Types whose handler counts its own attempts: a lost claim is not one of the job's attempts. */
    private final Set<String> handlerCounted = ConcurrentHashMap.newKeySet();
    /** Default of {@link #setPoisonAfterCrashes}. */
    public static final int DEFAULT_POISON_AFTER_CRASHES = 3;
    /** A job running at this many process deaths in a row is dead-lettered as poison; 0: never. */
    private volatile int poisonAfterCrashes = DEFAULT_POISON_AFTER_CRASHES;
    /** Thresholds of the types whose handler sets its own ({@link io.devrig.api.queue.JobHandler#POISON_PROPERTY}). */
    private final Map<String, Integer> poisonByType = new ConcurrentHashMap<>();
    /** {owner, process} of the process this queue runs in, once known (see {@link #setProcess}). */
    private volatile String[] self;
    /** Which claims of earlier processes started (null: unknown, every lost claim counts as started). */
    private volatile StartMarks marks;

    /** A queue with this default retry policy, full jitter drawn from {@link ThreadLocalRandom}. */
    public SqliteJobQueue(Database db, DevRigClock clock, RetryPolicy defaultPolicy) {
        this(db, clock, defaultPolicy, () -> ThreadLocalRandom.current().nextDouble());
    }

    SqliteJobQueue(Database db, DevRigClock clock, RetryPolicy defaultPolicy, DoubleSupplier random) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
        this.random = Objects.requireNonNull(random, "random");
        this.ids = new UlidGenerator(clock, new java.security.SecureRandom());
        this.mapper = io.devrig.common.json.Json.MAPPER; // the one strict mapper
        this.history = new ErrorHistory(mapper);
    }

    // ---- configuration and wake-ups (not part of the API) ----

    /** Sets the policy of one job type; null goes back to the default. */
    public void setRetryPolicy(String type, RetryPolicy policy) {
        if (policy == null) {
            policies.remove(type);
        } else {
            policies.put(type, policy);
        }
    }

    /**
     * Whether the handler of {@code type} keeps its own attempt budget
     * ({@link io.devrig.api.queue.JobHandler#ATTEMPTS_PROPERTY}): then a claim lost without
     * an outcome (expired lease, released after a restart) does not count as an attempt
     * and never dead-letters the job.
     */
    public void setAttemptsByHandler(String type, boolean byHandler) {
        if (byHandler) {
            handlerCounted.add(type);
        } else {
            handlerCounted.remove(type);
        }
    }

    /**
     * The poison rule: a job whose claim was lost because the process died (released at
     * start, or an expired lease of an earlier process of this server) {@code n} times in
     * a row is dead-lettered with {@link QueueErrors#QUEUE_POISON} instead of being run
     * again; 0 turns the rule off. Process deaths are counted from the job's error history
     * (the trailing {@link QueueErrors#QUEUE_OWNER_RESTARTED} entries), so any other outcome
     * of an attempt (a failure, a timeout, a stop, a dead-letter retry) starts the count anew.
     */
    public void setPoisonAfterCrashes(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("poisonAfterCrashes must not be negative, got " + n);
        }
        this.poisonAfterCrashes = n;
    }

    /** The poison threshold of one job type; null goes back to the queue's ({@link #setPoisonAfterCrashes}). */
    public void setPoisonAfterCrashes(String type, Integer n) {
        if (n == null) {
            poisonByType.remove(type);
        } else if (n < 0) {
            throw new IllegalArgumentException("poisonAfterCrashes must not be negative, got " + n);
        } else {
            poisonByType.put(type, n);
        }
    }

    /** The poison threshold that applies to jobs of {@code type}. */
    int poisonAfterCrashes(String type) {
        return poisonByType.getOrDefault(type, poisonAfterCrashes);
    }

    /**
     * Names the server and process this queue runs in ({@link #workerId}): an expired
     * lease of an earlier process of the same server is then known to be a process death
     * (it counts towards the poison rule), like a claim {@link #releaseAbandoned released}
     * at start.
     */
    public void setProcess(String owner, String process) {
        this.self = new String[] {Objects.requireNonNull(owner, "owner"), Objects.requireNonNull(process, "process")};
    }

    /**
     * The start marks of this server's processes ({@link StartMarks}): a claim of a dead
     * process that its marks say never started goes back like {@link #release} (no attempt,
     * no crash counted) instead of counting as a run the process died in.
     */
    void setStartMarks(StartMarks marks) {
        this.marks = marks;
    }

    public void setDefaultRetryPolicy(RetryPolicy policy) {
        this.defaultPolicy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Calls {@code listener} with the job type after each enqueue (and dead-letter retry)
     * that added a claimable job, once it is committed — unless the enqueue joined a
     * caller's transaction, which commits later; pollers find such jobs on their next poll.
     */
    public void addEnqueueListener(Consumer<String> listener) {
        enqueueListeners.add(Objects.requireNonNull(listener));
    }

    public void removeEnqueueListener(Consumer<String> listener) {
        enqueueListeners.remove(listener);
    }

    /**
     * Takes jobs claimed at their enqueue: the worker pool of this process, when a worker of
     * it is free. A job enqueued then is written already claimed (status {@code processing},
     * one attempt, the lease of a claim) in the enqueue's own transaction, and handed to the
     * pool once that commits: the job costs no claim transaction and no worker has to wake up
     * and ask the database for it. A rollback takes the row and the hand-off back together.
     * For the queue's rules such a job is a claimed job like any other (leases, rescue, River's
     * completion rule, start marks).
     */
    interface DirectTaker {
        /** Called inside the enqueue's transaction: the holder to claim a due job of {@code type} for, or null (then it waits for a claim). */
        String holderFor(String type);

        /** The lease of a job claimed at its enqueue. */
        Duration lease();

        /** After the commit: the job, claimed for the holder {@link #holderFor} gave. */
        void take(Job job);
    }

    private volatile DirectTaker taker;

    /** Sets (or with null removes) the pool that takes jobs claimed at their enqueue; one at a time. */
    void setDirectTaker(DirectTaker taker) {
        this.taker = taker;
    }

    /** Removes {@code taker} if it is the one set (a pool that closes). */
    void removeDirectTaker(DirectTaker taker) {
        if (this.taker == taker) {
            this.taker = null;
        }
    }

    public DevRigClock clock() {
        return clock;
    }

    // ---- JobQueue ----

    @Override
    public RetryPolicy retryPolicy(String type) {
        return policies.getOrDefault(type, defaultPolicy);
    }

    @Override
    public String enqueue(JobRequest request) {
        return enqueueWithResult(request).jobId();
    }

    @Override
    public Enqueued enqueueWithResult(JobRequest request) {
        Objects.requireNonNull(request, "request");
        checkPayload(request.payload());
        int maxAttempts = request.maxAttempts() > 0 ? request.maxAttempts() : retryPolicy(request.type()).maxAttempts();
        Instant now = clock.now();
        Instant due = request.delay().isZero() ? null : now.plus(request.delay());
        String id = request.idempotencyKey() == null ? ids.nextString() : keyedId(request.type(), request.idempotencyKey());
        DirectTaker direct = due == null ? taker : null;
        if (direct != null) {
            return new Enqueued(id, enqueueClaimed(direct, request, id, maxAttempts, now));
        }
        // With a key, the primary key does the deduplication: a second insert of the same id is ignored.
        db.write(h -> {
            int inserted = h.update(INSERT_PENDING, id, request.type(), request.payload(), request.priority(),
                    maxAttempts, due, now);
            if (inserted == 1) {
                // inside a caller's transaction (a run started with its job) the job is claimable
                // only once that commits: a worker woken earlier would wait for the writer
                h.afterCommit(() -> notifyEnqueued(request.type()));
            }
            return null;
        });
        return new Enqueued(id, false);
    }

    /**
     * An enqueue for a {@link DirectTaker}: the row is inserted claimed when the taker names a
     * holder (a free worker, this type handled), else pending as usual; a duplicate key
     * inserts nothing either way. Whether it was inserted claimed.
     */
    private boolean enqueueClaimed(DirectTaker direct, JobRequest request, String id, int maxAttempts, Instant now) {
        return db.write(h -> {
            String holder = direct.holderFor(request.type());
            if (holder == null) {
                if (h.update(INSERT_PENDING, id, request.type(), request.payload(), request.priority(), maxAttempts,
                        null, now) == 1) {
                    h.afterCommit(() -> notifyEnqueued(request.type()));
                }
                return false;
            }
            Claim claim = new Claim(now, direct.lease());
            // created_at is the claim's time: one format, and the job read back from the row is the same
            if (h.update(INSERT_CLAIMED, id, request.type(), request.payload(), request.priority(), maxAttempts,
                    claim.leaseEndText, claim.nowText, holder, claim.nowText) == 1) {
                Job job = new Job(id, request.type(), request.payload(), request.priority(), JobStatus.PROCESSING, 1,
                        maxAttempts, holder, claim.lockedAt, claim.leaseEnd, null, claim.lockedAt, null);
                h.afterCommit(() -> direct.take(job));
                return true;
            }
            return false;
        });
    }

    private static final String INSERT_PENDING = "INSERT INTO job_queue (id, type, payload, priority, status, "
            + "attempts, max_attempts, next_retry_at, created_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?) "
            + "ON CONFLICT(id) DO NOTHING";
    /** A job inserted as a claim leaves it (see {@link #claimStatement}): processing, one attempt, lease end in next_retry_at. */
    private static final String INSERT_CLAIMED = "INSERT INTO job_queue (id, type, payload, priority, status, "
            + "attempts, max_attempts, next_retry_at, created_at, locked_by, locked_at) "
            + "VALUES (?, ?, ?, ?, 'processing', 1, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING";

    @Override
    public Optional<Job> claim(String workerId, Set<String> types, Duration lease) {
        requireWorker(workerId);
        Claim claim = new Claim(clock.now(), lease);
        Object[] params = claimParams(workerId, types, claim);
        String sql = claimSql.computeIfAbsent(types.size(), SqliteJobQueue::claimStatement);
        return db.write(h -> h.queryOne(sql, r -> claim.job(r, workerId), params));
    }

    /** What {@link #completeAndClaim} did: whether the completion applied, and the next job if one was due. */
    record Completion(boolean completed, Optional<Job> next) {
    }

    /**
     * {@link #complete} and then {@link #claim} in one transaction: a worker that goes on to
     * the next job takes one turn at the single writer (one commit) per job instead of two,
     * which is what keeps several workers from queueing behind each other at the write lock.
     * The completion follows River's rule exactly as {@link #complete} does; the claim is
     * made whether or not it applied.
     */
    Completion completeAndClaim(String jobId, String workerId, Set<String> types, Duration lease) {
        requireWorker(workerId);
        Claim claim = new Claim(clock.now(), lease);
        Object[] params = claimParams(workerId, types, claim);
        String sql = claimSql.computeIfAbsent(types.size(), SqliteJobQueue::claimStatement);
        return db.write(h -> {
            boolean completed = h.update(COMPLETE, claim.nowText, jobId, workerId) == 1;
            return new Completion(completed, h.queryOne(sql, r -> claim.job(r, workerId), params));
        });
    }

    /**
     * A completion waiting for its group commit: the job, the worker id that holds its lease,
     * and the writes that record the handler's result ({@link
     * io.devrig.api.queue.JobHandler#handleWithCompletion}), or null.
     */
    record Ack(String jobId, String workerId, SqlWork<?> writes) {

        Ack(String jobId, String workerId) {
            this(jobId, workerId, null);
        }
    }

    /** What {@link #commitAndClaim} did: the acks whose completion applied (the others had lost their lease) and the jobs claimed. */
    record Group(List<Ack> completed, List<Ack> lost, List<Job> claimed) {
    }

    /**
     * Group commit: completes every ack (each under River's rule, exactly as {@link #complete})
     * and claims up to {@code max} due jobs for {@code workerId}, in one write transaction
     * (one commit). The claimed jobs come back in claim order: priority, then age, then
     * insertion order. {@code max} 0 only completes.
     */
    Group commitAndClaim(List<Ack> acks, String workerId, Set<String> types, Duration lease, int max) {
        requireWorker(workerId);
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative, got " + max);
        }
        return commitAndClaim(acks, java.util.Collections.nCopies(max, workerId), types, lease);
    }

    /**
     * Group commit for several claimers (the pool's combining): completes every ack under
     * River's rule and claims up to one due job per entry of {@code holders}, the i-th job
     * in claim order (priority, then age, then insertion order) locked by the i-th holder,
     * in one write transaction (one commit). Fewer jobs come back when fewer are due; the
     * holders without a job are the last ones. No holders: only completes. Anything that
     * fails rolls the whole transaction back: no completion and no claim is written.
     */
    Group commitAndClaim(List<Ack> acks, List<String> holders, Set<String> types, Duration lease) {
        return commitAndClaim(acks, holders, types, lease, null);
    }

    /** Told, inside a claim transaction, of the jobs it claimed ({@link io.devrig.api.queue.JobHandler#claimed}). */
    @FunctionalInterface
    interface ClaimListener {
        void claimed(SqlHandle transaction, List<Job> jobs) throws SQLException;
    }

    /**
     * {@link #commitAndClaim(List, List, Set, Duration)}, then {@code listener} (if any) with
     * the jobs claimed, in a savepoint of the same transaction: what it writes commits with the
     * claims; if it fails its savepoint is rolled back, the failure logged, and the claims stay.
     */
    Group commitAndClaim(List<Ack> acks, List<String> holders, Set<String> types, Duration lease,
            ClaimListener listener) {
        holders.forEach(SqliteJobQueue::requireWorker);
        int max = holders.size();
        Claim claim = new Claim(clock.now(), lease);
        Object[] params = max == 0 ? null : claimParams(holders.get(0), types, claim);
        String due = max < 2 ? null : claimBatchSql.computeIfAbsent(types.size(), SqliteJobQueue::dueStatement);
        String single = max != 1 ? null : claimSql.computeIfAbsent(types.size(), SqliteJobQueue::claimStatement);
        String completedAt = claim.nowText;
        return db.write(h -> {
            List<Ack> done = new java.util.ArrayList<>(acks.size());
            List<Ack> lost = new java.util.ArrayList<>();
            for (Ack ack : acks) {
                (complete(h, ack, completedAt) ? done : lost).add(ack);
            }
            List<Job> claimed;
            if (max == 0) {
                claimed = List.of();
            } else if (max == 1) {
                claimed = h.queryOne(single, r -> claim.job(r, holders.get(0)), params).map(List::of).orElse(List.of());
            } else {
                // the due ids in claim order, then each locked by its own statement: cheaper than
                // UPDATE ... WHERE id IN (SELECT ... LIMIT ?) on the store's connection (see the README)
                Object[] select = new Object[params.length - 2];
                System.arraycopy(params, 3, select, 0, select.length - 1);
                select[select.length - 1] = max;
                List<String> ids = h.query(due, r -> r.getString(1), select);
                claimed = new java.util.ArrayList<>(ids.size());
                for (String id : ids) {
                    String holder = holders.get(claimed.size());
                    h.queryOne(CLAIM_ONE, r -> claim.job(r, holder), holder, claim.nowText, claim.leaseEndText, id)
                            .ifPresent(claimed::add);
                }
            }
            if (listener != null && !claimed.isEmpty()) {
                List<Job> taken = claimed;
                try {
                    db.write(inner -> {
                        listener.claimed(inner, taken);
                        return null;
                    });
                } catch (RuntimeException e) {
                    LOG.warn("Writes for {} claimed job(s) failed and were rolled back; the jobs run as claimed: {}",
                            taken.size(), e.toString());
                }
            }
            return new Group(done, lost, claimed);
        });
    }

    /**
     * Completes one ack in the caller's transaction, under River's rule; an ack with writes
     * in a savepoint of its own, its writes only when the completion applied. Writes that
     * fail are rolled back with the completion (the job stays claimed and runs again once its
     * lease expires) and do not fail the group.
     */
    private boolean complete(SqlHandle h, Ack ack, String completedAt) throws SQLException {
        if (ack.writes() == null) {
            return h.update(COMPLETE, completedAt, ack.jobId(), ack.workerId()) == 1;
        }
        try {
            return db.write(inner -> {
                if (inner.update(COMPLETE, completedAt, ack.jobId(), ack.workerId()) != 1) {
                    return false; // the lease is lost: its result is not this worker's to write
                }
                ack.writes().apply(inner);
                return true;
            });
        } catch (RuntimeException e) {
            LOG.warn("The result of job {} could not be written with its completion ({}); the job runs again when its "
                    + "lease expires", ack.jobId(), e.toString());
            return false;
        }
    }

    /**
     * The ids of up to {@code ?} due jobs (the last parameter) in claim order: the sub-select
     * of {@link #claimStatement} with a bound LIMIT. Parameters: now, the types, the limit.
     */
    static String dueStatement(int typeCount) {
        String claim = claimStatement(typeCount);
        return claim.substring(claim.indexOf("(SELECT") + 1, claim.indexOf("LIMIT 1)")) + "LIMIT ?";
    }

    /**
     * Locks one job of a batch found by {@link #dueStatement}, in the same transaction:
     * worker, now, lease end, id. {@code status = 'pending'} keeps it a no-op for a job
     * that is no longer claimable.
     */
    static final String CLAIM_ONE = "UPDATE job_queue SET status = 'processing', locked_by = ?, locked_at = ?, "
            + "next_retry_at = ?, attempts = attempts + 1 WHERE id = ? AND status = 'pending' RETURNING " + CLAIMED_COLUMNS;

    /**
     * Gives back claims that never started (a batch the pool claimed but did not run, e.g.
     * because it stopped): pending again, due now, the claim's attempt not counted. Under
     * River's rule: a claim the worker no longer holds is left alone. Returns how many were released.
     */
    int release(List<Ack> unstarted) {
        if (unstarted.isEmpty()) {
            return 0;
        }
        int n = db.write(h -> {
            int released = 0;
            for (Ack a : unstarted) {
                released += h.update(RELEASE, a.jobId(), a.workerId());
            }
            return released;
        });
        if (n > 0) {
            notifyEnqueued(null);
        }
        return n;
    }

    /** Gives back a claim that never started: pending, due now, its attempt not counted, no history entry. */
    private static final String RELEASE = "UPDATE job_queue SET status = 'pending', next_retry_at = NULL, "
            + "locked_by = NULL, locked_at = NULL, attempts = max(attempts - 1, 0) "
            + "WHERE id = ? AND locked_by = ? AND status = 'processing'";

    /** When the earliest pending job that is not due yet becomes due, or null when there is none. */
    Instant nextDue() {
        Instant now = clock.now();
        String due = db.read(h -> h.queryOne("SELECT min(next_retry_at) FROM job_queue WHERE status = 'pending' "
                + "AND next_retry_at > ?", r -> Optional.ofNullable(r.getString(1)), now)).flatMap(o -> o).orElse(null);
        return parseTime(due);
    }

    private static Object[] claimParams(String workerId, Set<String> types, Claim claim) {
        Objects.requireNonNull(types, "types");
        if (types.isEmpty()) {
            throw new IllegalArgumentException("claim needs at least one job type");
        }
        Object[] params = new Object[4 + types.size()];
        params[0] = workerId;
        params[1] = claim.nowText;
        params[2] = claim.leaseEndText;
        params[3] = claim.nowText;
        int i = 4;
        for (String type : types) {
            params[i++] = type;
        }
        return params;
    }

    /**
     * One claim transaction's time and lease end, formatted once (not by the store for
     * every job of a batch), and the jobs it locks built from what it wrote.
     */
    private static final class Claim {
        final String nowText;
        final String leaseEndText;
        final Instant lockedAt;
        final Instant leaseEnd;

        Claim(Instant now, Duration lease) {
            requirePositive(lease, "lease");
            lockedAt = now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS); // what the row holds
            leaseEnd = now.plus(lease).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            nowText = DevRigClock.format(lockedAt);
            leaseEndText = DevRigClock.format(leaseEnd);
        }

        /** A row of {@link #CLAIMED_COLUMNS}, locked by {@code holder} in this claim. */
        Job job(ResultSet r, String holder) throws SQLException {
            return new Job(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), JobStatus.PROCESSING,
                    r.getInt(5), r.getInt(6), holder, lockedAt, leaseEnd, null, parseTime(r.getString(7)), null);
        }
    }

    /**
     * One statement picks and locks the job, so it is atomic even without the store's
     * single writer. The sub-select walks {@code idx_jq_status_priority} in order
     * (priority DESC, created_at, then insertion order) and stops at the first due job.
     */
    static String claimStatement(int typeCount) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < typeCount; i++) {
            in.append(i == 0 ? "?" : ", ?");
        }
        return "UPDATE job_queue SET status = 'processing', locked_by = ?, locked_at = ?, next_retry_at = ?, "
                + "attempts = attempts + 1 "
                + "WHERE id = (SELECT id FROM job_queue WHERE status = 'pending' "
                + "AND (next_retry_at IS NULL OR next_retry_at <= ?) AND type IN (" + in + ") "
                + "ORDER BY priority DESC, created_at LIMIT 1) "
                + "RETURNING " + CLAIMED_COLUMNS;
    }

    @Override
    public boolean extendLease(String jobId, String workerId, Duration lease) {
        requireWorker(workerId);
        requirePositive(lease, "lease");
        Instant until = clock.now().plus(lease);
        return db.write(h -> h.update("UPDATE job_queue SET next_retry_at = ? "
                + "WHERE id = ? AND locked_by = ? AND status = 'processing'", until, jobId, workerId)) == 1;
    }

    /**
     * Completes the job for its holder. A handler may call this for its own job inside the
     * write transaction that stores its result (the store nests it there), so the result
     * and the completion commit together; the pool then commits nothing more for the job
     * (it is told through {@link #addCompletionListener}).
     */
    @Override
    public boolean complete(String jobId, String workerId) {
        requireWorker(workerId);
        Instant now = clock.now();
        return db.write(h -> {
            boolean completed = h.update(COMPLETE, now, jobId, workerId) == 1;
            if (completed && !completionListeners.isEmpty()) {
                h.afterCommit(() -> completionListeners.forEach(l -> l.accept(jobId, workerId)));
            }
            return completed;
        });
    }

    private final List<java.util.function.BiConsumer<String, String>> completionListeners = new CopyOnWriteArrayList<>();

    /** Calls {@code listener} with the job id and holder after each committed {@link #complete}. */
    void addCompletionListener(java.util.function.BiConsumer<String, String> listener) {
        completionListeners.add(Objects.requireNonNull(listener));
    }

    void removeCompletionListener(java.util.function.BiConsumer<String, String> listener) {
        completionListeners.remove(listener);
    }

    @Override
    public FailOutcome fail(String jobId, String workerId, DevRigError error) {
        requireWorker(workerId);
        Objects.requireNonNull(error, "error");
        Instant now = clock.now();
        return db.write(h -> {
            Optional<Held> held = h.queryOne("SELECT type, attempts, max_attempts, error FROM job_queue "
                    + "WHERE id = ? AND locked_by = ? AND status = 'processing'",
                    r -> new Held(r.getString(1), r.getInt(2), r.getInt(3), r.getString(4)), jobId, workerId);
            if (held.isEmpty()) {
                return FailOutcome.leaseLost();
            }
            Held job = held.get();
            String errors = history.append(job.errors, new AttemptError(job.attempts, workerId, error));
            RetryPolicy policy = retryPolicy(job.type);
            if (job.attempts < job.maxAttempts && policy.retries(error)) {
                Instant at = now.plusMillis(policy.delayForAttempt(Math.max(1, job.attempts), random));
                h.update("UPDATE job_queue SET status = 'pending', next_retry_at = ?, locked_by = NULL, locked_at = NULL, "
                        + "error = ? WHERE id = ? AND locked_by = ? AND status = 'processing'",
                        at, errors, jobId, workerId);
                return FailOutcome.retryScheduled(job.attempts, at);
            }
            h.update("UPDATE job_queue SET status = 'dead', completed_at = ?, next_retry_at = NULL, locked_by = NULL, "
                    + "locked_at = NULL, error = ? WHERE id = ? AND locked_by = ? AND status = 'processing'",
                    now, errors, jobId, workerId);
            LOG.warn("Job {} ({}) is dead after {} of {} attempt(s): {}", jobId, job.type, job.attempts,
                    job.maxAttempts, error.summary());
            return FailOutcome.dead(job.attempts);
        });
    }

    private record Held(String type, int attempts, int maxAttempts, String errors) {
    }

    @Override
    public Optional<Job> job(String jobId) {
        return db.read(h -> h.queryOne("SELECT " + COLUMNS + " FROM job_queue WHERE id = ?", SqliteJobQueue::job, jobId));
    }

    @Override
    public List<Job> jobs(String type, Set<JobStatus> statuses, int limit) {
        Objects.requireNonNull(type, "type");
        if (statuses == null || statuses.isEmpty()) {
            throw new IllegalArgumentException("jobs needs at least one status");
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        StringBuilder in = new StringBuilder();
        Object[] params = new Object[statuses.size() + 2];
        int i = 0;
        params[i++] = type;
        for (JobStatus status : statuses) {
            in.append(i == 1 ? "?" : ", ?");
            params[i++] = status.wireName();
        }
        params[i] = limit;
        return db.read(h -> h.query("SELECT " + COLUMNS + " FROM job_queue WHERE type = ? AND status IN (" + in
                + ") ORDER BY created_at, rowid LIMIT ?", SqliteJobQueue::job, params));
    }

    @Override
    public List<DeadJob> deadJobs(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return db.read(h -> h.query("SELECT " + COLUMNS + ", error FROM job_queue WHERE status = 'dead' "
                + "ORDER BY completed_at DESC, id DESC LIMIT ?", this::deadJob, limit));
    }

    @Override
    public Optional<DeadJob> deadJob(String jobId) {
        return db.read(h -> h.queryOne("SELECT " + COLUMNS + ", error FROM job_queue WHERE id = ? AND status = 'dead'",
                this::deadJob, jobId));
    }

    private DeadJob deadJob(ResultSet r) throws SQLException {
        return new DeadJob(job(r), history.read(r.getString("error")));
    }

    @Override
    public void retryDead(String jobId) {
        String type = db.write(h -> {
            String t = requireDead(h, jobId, "retried");
            h.update("UPDATE job_queue SET status = 'pending', attempts = 0, next_retry_at = NULL, completed_at = NULL, "
                    + "locked_by = NULL, locked_at = NULL WHERE id = ? AND status = 'dead'", jobId);
            return t;
        });
        LOG.info("Dead job {} ({}) is pending again", jobId, type);
        notifyEnqueued(type);
    }

    @Override
    public void discardDead(String jobId) {
        String type = db.write(h -> {
            String t = requireDead(h, jobId, "discarded");
            h.update("DELETE FROM job_queue WHERE id = ? AND status = 'dead'", jobId);
            return t;
        });
        LOG.info("Dead job {} ({}) discarded", jobId, type);
    }

    /** The job's type, after checking that it exists and is dead. */
    private static String requireDead(SqlHandle h, String jobId, String what) throws SQLException {
        Objects.requireNonNull(jobId, "jobId");
        Optional<String[]> row = h.queryOne("SELECT type, status FROM job_queue WHERE id = ?",
                r -> new String[] {r.getString(1), r.getString(2)}, jobId);
        if (row.isEmpty()) {
            throw new DevRigException(QueueErrors.QUEUE_JOB_NOT_FOUND, ErrorCategory.PERMANENT,
                    "no job with id " + jobId);
        }
        if (!JobStatus.DEAD.wireName().equals(row.get()[1])) {
            throw new DevRigException(DevRigError.of(QueueErrors.QUEUE_JOB_NOT_DEAD, ErrorCategory.PERMANENT,
                    "job " + jobId + " is " + row.get()[1] + ", not dead; only dead jobs can be " + what)
                    .withDetails(Map.of("jobId", jobId, "status", row.get()[1])));
        }
        return row.get()[0];
    }

    @Override
    public RescueResult rescueExpired() {
        Instant now = clock.now();
        String[] me = self;
        RescueResult result = db.write(h -> takeBack(h, h.query(HELD + "WHERE status = 'processing' AND next_retry_at <= ?",
                SqliteJobQueue::held, now), e -> {
                    String[] holder = holder(e.lockedBy);
                    if (me != null && holder != null && holder[0].equals(me[0]) && !holder[1].equals(me[1])) {
                        // an earlier process of this server: it died (one process per server at a time)
                        return new DevRigError(QueueErrors.QUEUE_OWNER_RESTARTED, ErrorCategory.TRANSIENT, "worker "
                                + e.lockedBy + " belonged to an earlier process of this server (" + me[0]
                                + "); its claim was taken back when its lease expired at " + e.leaseEnd,
                                Map.of("owner", me[0], "leaseExpiredAt", e.leaseEnd), true, null, null, now);
                    }
                    return new DevRigError(QueueErrors.QUEUE_LEASE_EXPIRED, ErrorCategory.TIMEOUT,
                            "worker " + e.lockedBy + " did not complete or renew its lease, which expired at " + e.leaseEnd,
                            Map.of("leaseExpiredAt", e.leaseEnd), true, null, null, now);
                }, now));
        if (result.total() > 0) {
            LOG.warn("Rescued {} job(s) whose lease expired: {} pending again, {} dead", result.total(),
                    result.requeued(), result.dead());
            if (result.requeued() > 0) {
                notifyEnqueued(null);
            }
        }
        sweepStartMarks();
        return result;
    }

    /**
     * Returns claims of {@code type} left PROCESSING by an earlier process of the same server
     * to the queue at once, without waiting for their leases to expire. A pool's worker id
     * names its server and its process ({@code worker-N@<owner>#<process>}, see
     * {@link #workerId}); claims whose owner is {@code owner} and whose process is not
     * {@code process} were made by a process that is gone (one process of a server runs at a
     * time: Karaf locks its home), so they are abandoned. Claims of other owners (other
     * servers sharing the database) keep the lease rule. Each released claim is handled like
     * an expired lease, with {@link QueueErrors#QUEUE_OWNER_RESTARTED} in its history, unless
     * the dead process's {@link #setStartMarks start marks} say it never started (claimed in
     * a batch, not run): then it goes back like {@link #release}, with no attempt, no history
     * entry and no crash counted. Afterwards the marks of processes with no claim left are deleted.
     */
    public RescueResult releaseAbandoned(String owner, String process, String type) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(process, "process");
        Instant now = clock.now();
        RescueResult result = db.write(h -> {
            List<Expired> abandoned = new java.util.ArrayList<>();
            for (Expired e : h.query(HELD + "WHERE status = 'processing' AND type = ?", SqliteJobQueue::held, type)) {
                String[] holder = holder(e.lockedBy);
                if (holder != null && holder[0].equals(owner) && !holder[1].equals(process)) {
                    abandoned.add(e);
                }
            }
            return takeBack(h, abandoned, e -> new DevRigError(QueueErrors.QUEUE_OWNER_RESTARTED,
                    ErrorCategory.TRANSIENT, "worker " + e.lockedBy + " belonged to an earlier process of this server ("
                            + owner + "); its claim was released when the server started again",
                    Map.of("owner", owner), true, null, null, now), now);
        });
        if (result.total() > 0) {
            LOG.info("Released {} job(s) claimed by an earlier process of this server: {} pending again, {} dead",
                    result.total(), result.requeued(), result.dead());
            if (result.requeued() > 0) {
                notifyEnqueued(null);
            }
        }
        sweepStartMarks();
        return result;
    }

    /** The worker id of a claim made by {@code owner}'s process {@code process}. */
    static String workerId(String name, String owner, String process) {
        return name + "@" + owner + "#" + process;
    }

    /** {owner, process} of a worker id made by {@link #workerId}, or null for any other form. */
    static String[] holder(String workerId) {
        if (workerId == null) {
            return null;
        }
        int at = workerId.indexOf('@');
        int hash = workerId.lastIndexOf('#');
        return at < 0 || hash < at ? null : new String[] {workerId.substring(at + 1, hash), workerId.substring(hash + 1)};
    }

    private static final String HELD = "SELECT id, type, attempts, max_attempts, locked_by, next_retry_at, error, "
            + "locked_at FROM job_queue ";

    private static Expired held(ResultSet r) throws SQLException {
        return new Expired(r.getString(1), r.getString(2), r.getInt(3), r.getInt(4), r.getString(5), r.getString(6),
                r.getString(7), r.getString(8));
    }

    /**
     * Claims lost without an outcome: back to pending (due now) with attempts left, else
     * dead; the error goes into each history. A type whose handler counts its own attempts
     * is never dead-lettered for it: {@code attempts} still counts every claim (the
     * workflow engine tells a rescued duplicate from a dead-letter retry by it), and
     * {@code max_attempts} grows by one, so the lost claim costs nothing.
     *
     * <p>A claim lost because its process died ({@link QueueErrors#QUEUE_OWNER_RESTARTED})
     * that makes {@link #setPoisonAfterCrashes n} deaths in a row goes dead as poison
     * whatever its attempts, handler-counted or not: running it again would kill the
     * server again.
     */
    private RescueResult takeBack(SqlHandle h, List<Expired> lost, java.util.function.Function<Expired, DevRigError> why,
            Instant now) throws SQLException {
        int requeued = 0;
        int dead = 0;
        int unstarted = 0;
        for (Expired e : lost) {
            int poisonAfter = poisonAfterCrashes(e.type);
            DevRigError lostClaim = why.apply(e);
            if (lostClaim.code().equals(QueueErrors.QUEUE_OWNER_RESTARTED) && neverStarted(e)) {
                // claimed in a batch, never run: the death was not this job's doing
                unstarted += h.update(RELEASE, e.id, e.lockedBy);
                continue;
            }
            AttemptError entry = new AttemptError(e.attempts, e.lockedBy, lostClaim);
            if (poisonAfter > 0 && lostClaim.code().equals(QueueErrors.QUEUE_OWNER_RESTARTED)) {
                int deaths = ErrorHistory.trailing(history.read(e.errors), QueueErrors.QUEUE_OWNER_RESTARTED) + 1;
                if (deaths >= poisonAfter) {
                    DevRigError poison = poison(e, deaths, now);
                    String errors = history.append(e.errors, entry, new AttemptError(e.attempts, e.lockedBy, poison));
                    int n = h.update("UPDATE job_queue SET status = 'dead', completed_at = ?, next_retry_at = NULL, "
                            + "locked_by = NULL, locked_at = NULL, error = ? "
                            + "WHERE id = ? AND locked_by = ? AND status = 'processing'",
                            now, errors, e.id, e.lockedBy);
                    if (n == 1) {
                        LOG.error("Job {} ({}) is dead: {}", e.id, e.type, poison.message());
                    }
                    dead += n;
                    continue;
                }
            }
            String errors = history.append(e.errors, entry);
            boolean uncounted = handlerCounted.contains(e.type);
            if (uncounted || e.attempts < e.maxAttempts) {
                // attempts keeps counting claims; the lost one widens the budget instead
                requeued += h.update("UPDATE job_queue SET status = 'pending', next_retry_at = NULL, locked_by = NULL, "
                        + "locked_at = NULL, error = ?, max_attempts = max_attempts + ? "
                        + "WHERE id = ? AND locked_by = ? AND status = 'processing'",
                        errors, uncounted ? 1 : 0, e.id, e.lockedBy);
            } else {
                dead += h.update("UPDATE job_queue SET status = 'dead', completed_at = ?, next_retry_at = NULL, "
                        + "locked_by = NULL, locked_at = NULL, error = ? "
                        + "WHERE id = ? AND locked_by = ? AND status = 'processing'",
                        now, errors, e.id, e.lockedBy);
            }
        }
        if (unstarted > 0) {
            LOG.info("{} claim(s) of a dead process had not started: pending again, no attempt or crash counted",
                    unstarted);
        }
        return new RescueResult(requeued + unstarted, dead);
    }

    /** Whether the start marks of the claim's (dead) process say it never started; false when they cannot tell. */
    private boolean neverStarted(Expired e) {
        StartMarks m = marks;
        String[] holder = holder(e.lockedBy);
        return m != null && holder != null && m.started(holder[1], e.id, e.lockedBy).map(s -> !s).orElse(false);
    }

    /**
     * Deletes the start marks of earlier processes none of whose claims is left, so the
     * next death of this process is not read against them. Called after each release and
     * rescue.
     */
    void sweepStartMarks() {
        StartMarks m = marks;
        if (m == null) {
            return;
        }
        try {
            Set<String> earlier = m.earlierProcesses();
            if (earlier.isEmpty()) {
                return;
            }
            Set<String> holding = new java.util.HashSet<>();
            for (String w : db.read(h -> h.query("SELECT locked_by FROM job_queue WHERE status = 'processing'",
                    r -> r.getString(1)))) {
                String[] holder = holder(w);
                if (holder != null) {
                    holding.add(StartMarks.name(holder[1]));
                }
            }
            earlier.stream().filter(p -> !holding.contains(p)).forEach(m::forget);
        } catch (RuntimeException e) {
            LOG.warn("Could not clean up the job starts of earlier processes: {}", e.toString());
        }
    }

    private record Expired(String id, String type, int attempts, int maxAttempts, String lockedBy, String leaseEnd,
            String errors, String lockedAt) {
    }

    /**
     * The verdict on a job that was running at the last {@code deaths} deaths of the
     * process. "last" is when the last of those runs started (its claim), the closest this
     * table knows to the moment the process died.
     */
    private static DevRigError poison(Expired e, int deaths, Instant now) {
        String last = e.lockedAt == null ? "unknown" : e.lockedAt;
        Map<String, Object> details = new java.util.LinkedHashMap<>();
        details.put("crashes", deaths);
        details.put("lastStartedAt", last);
        details.put("workerId", e.lockedBy);
        details.put("jobType", e.type);
        return new DevRigError(QueueErrors.QUEUE_POISON, ErrorCategory.PERMANENT, "poison job: the server stopped "
                + (deaths == 1 ? "once" : deaths + " times") + " while it ran (last: " + last + "); not retried", details, false, null, null, now);
    }


    @Override
    public int cleanup(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative");
        }
        Instant before = clock.now().minus(olderThan);
        // small batches, each its own transaction, so workers are not kept from writing for long
        int total = 0;
        int deleted;
        do {
            deleted = db.write(h -> h.update("DELETE FROM job_queue WHERE rowid IN (SELECT rowid FROM job_queue "
                    + "WHERE status = 'completed' AND completed_at < ? LIMIT " + CLEANUP_BATCH + ")", before));
            total += deleted;
        } while (deleted == CLEANUP_BATCH);
        if (total > 0) {
            LOG.info("Deleted {} completed job(s) older than {}", total, olderThan);
        }
        return total;
    }

    @Override
    public QueueStats stats() {
        return stats(db, clock.now());
    }

    /** The statistics of the queue in {@code db}, read in one snapshot. Also used by the health check. */
    static QueueStats stats(Database db, Instant now) {
        return db.read(h -> {
            Map<JobStatus, Long> byStatus = new EnumMap<>(JobStatus.class);
            Map<String, Map<JobStatus, Long>> byType = new HashMap<>();
            h.query("SELECT type, status, count(*) FROM job_queue GROUP BY type, status", r -> {
                JobStatus status = JobStatus.fromWireName(r.getString(2));
                long n = r.getLong(3);
                byStatus.merge(status, n, Long::sum);
                byType.computeIfAbsent(r.getString(1), t -> new EnumMap<>(JobStatus.class)).merge(status, n, Long::sum);
                return null;
            });
            long scheduled = h.queryLong("SELECT count(*) FROM job_queue WHERE status = 'pending' AND next_retry_at > ?",
                    now).orElse(0L);
            Optional<String> oldest = h.queryOne("SELECT min(created_at) FROM job_queue WHERE status = 'pending'",
                    r -> r.getString(1));
            Duration age = oldest.map(t -> Duration.between(parseTime(t), now)).filter(d -> !d.isNegative())
                    .orElse(Duration.ZERO);
            return new QueueStats(byStatus, byType, scheduled, age, now);
        });
    }

    // ---- helpers ----

    private void checkPayload(String payload) {
        if (payload.isBlank()) {
            throw new DevRigException(QueueErrors.QUEUE_INVALID_PAYLOAD, ErrorCategory.PERMANENT,
                    "a job payload must be one JSON value; it is empty");
        }
        try {
            mapper.readTree(payload);
        } catch (JsonProcessingException e) {
            // the parser's location, never the payload itself (it may be large)
            throw new DevRigException(QueueErrors.QUEUE_INVALID_PAYLOAD, ErrorCategory.PERMANENT,
                    "a job payload must be one JSON value: " + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    private void notifyEnqueued(String type) {
        for (Consumer<String> listener : enqueueListeners) {
            try {
                listener.accept(type);
            } catch (RuntimeException e) {
                LOG.warn("An enqueue listener failed: {}", e.toString());
            }
        }
    }

    /**
     * {@code k_} + 24 base32 characters (120 bits) of SHA-256 over type and key: the same
     * type and key always give the same id, and the key itself is not stored.
     */
    static String keyedId(String type, String key) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest((type + '\u0000' + key).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
        StringBuilder out = new StringBuilder(KEYED_ID_PREFIX);
        int buffer = 0;
        int bits = 0;
        int index = 0;
        while (out.length() < KEYED_ID_PREFIX.length() + 24) {
            if (bits < 5) {
                buffer = buffer << 8 | (digest[index++] & 0xFF);
                bits += 8;
            }
            out.append(BASE32[(buffer >> (bits - 5)) & 31]);
            bits -= 5;
        }
        return out.toString();
    }

    /**
     * A row of a statement whose first columns are {@link #COLUMNS}, in that order (every
     * statement read through here). By position: by name, the driver scans the column
     * names for every value (it showed in the batched claim's profile).
     */
    static Job job(ResultSet r) throws SQLException {
        JobStatus status = JobStatus.fromWireName(r.getString(5));
        Instant nextRetry = parseTime(r.getString(8));
        return new Job(r.getString(1), r.getString(2), r.getString(3), r.getInt(4), status,
                r.getInt(6), r.getInt(7), r.getString(9), parseTime(r.getString(10)),
                status == JobStatus.PROCESSING ? nextRetry : null,
                status == JobStatus.PENDING ? nextRetry : null,
                parseTime(r.getString(11)), parseTime(r.getString(12)));
    }

    /** Reads a stored timestamp; also the {@code datetime('now')} form ({@code 2026-11-23 08:00:00}, UTC). */
    static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        if (text.length() >= 19 && text.charAt(10) == ' ') {
            text = text.replace(' ', 'T') + (text.endsWith("Z") ? "" : "Z");
        }
        return DevRigClock.parse(text);
    }

    private static void requireWorker(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        if (workerId.isBlank()) {
            throw new IllegalArgumentException("workerId must not be blank");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
