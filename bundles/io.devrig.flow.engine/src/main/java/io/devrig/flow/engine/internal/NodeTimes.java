package io.devrig.flow.engine.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * How long each action type's calls took lately, shared by all runs: tells which of
 * several parallel nodes are too short to be worth a node thread. Handing a node to a
 * thread and its result back costs two context switches, more than a short action takes
 * (on 2 CPUs a 1→10→1 fan of no-op actions spent more in hand-offs than in its writes).
 *
 * <p>The estimate rises at once to a slower call and falls by an eighth of the difference
 * per faster call, so one slow call (an HTTP request that had to wait) sends the type back
 * to threads for a while. A type never seen yet is not short.
 */
final class NodeTimes {

    /** An action type whose calls took less than this lately runs on the coordinating thread. */
    static final long SHORT_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final ConcurrentHashMap<String, Long> estimates = new ConcurrentHashMap<>();
    /** Types whose estimate a test fixed: calls do not change it. */
    private final java.util.Set<String> fixed = ConcurrentHashMap.newKeySet();

    void record(String actionType, long nanos) {
        if (!fixed.contains(actionType)) {
            estimates.merge(actionType, nanos, (estimate, n) -> n >= estimate ? n : estimate + (n - estimate) / 8);
        }
    }

    /** Fixes a type's estimate (tests: a decision that must not depend on how fast the machine is). */
    void fix(String actionType, long nanos) {
        fixed.add(actionType);
        estimates.put(actionType, nanos);
    }

    /**
     * A side-effect-free action type whose calls took less than this lately may start before
     * its predecessors' completions are committed (RunExecution.canDefer): what a crash then
     * costs is running them again, and what a reader misses meanwhile is this long at most.
     * Wider than {@link #SHORT_NANOS}, which decides threads: under load a microsecond action
     * is often preempted, and its wall time says milliseconds.
     */
    static final long BRIEF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    /** Whether the type's calls took less than {@code nanos} lately (a type never seen did not). */
    boolean tookUnder(String actionType, long nanos) {
        Long estimate = estimates.get(actionType);
        return estimate != null && estimate < nanos;
    }
}
