package io.devrig.flow.internal;

import io.devrig.api.flow.WorkflowState;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflows' states (latest version, enabled) as last read, so that a fire does not read
 * the store for them: every fired trigger asks, and under webhook load that read was a quarter
 * of a request thread's time. The store's writes to {@code workflows} are the only changes,
 * and they are rare.
 *
 * <p>A change marks itself before its transaction ({@link #changing}) and clears the cache
 * when it is over ({@link #changed}: after its own work, and again after the outermost commit
 * when it is nested). A read keeps its result only when no change is in flight and none ended
 * since it began, so a value read before a commit never outlives it. (Until a change commits,
 * what the cache holds is still the committed state.)
 */
final class StateCache {

    private final Map<String, WorkflowState> states = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Changes begun and not yet over. */
    private int inFlight;
    /** Counts changes ended: a read begun before one may not keep its result. */
    private long generation;

    WorkflowState get(String workflowId) {
        return states.get(workflowId);
    }

    /** The token a read takes before it reads the store. */
    long beforeRead() {
        synchronized (lock) {
            return generation;
        }
    }

    /** Keeps what a read found, unless a change began or ended since {@code token}. */
    void keep(long token, WorkflowState state) {
        synchronized (lock) {
            if (inFlight == 0 && generation == token) {
                states.put(state.id(), state);
            }
        }
    }

    /** A change begins: nothing read from now until it is over is kept. */
    void changing() {
        synchronized (lock) {
            inFlight++;
        }
    }

    /** A change's own work is over (committed, rolled back, or handed to an outer transaction). */
    void changed() {
        synchronized (lock) {
            inFlight--;
            dropAll();
        }
    }

    /** The outermost transaction of a change committed. */
    void committed() {
        synchronized (lock) {
            dropAll();
        }
    }

    /** With {@link #lock} held: what was kept goes, and reads begun before may not keep theirs. */
    private void dropAll() {
        generation++;
        states.clear();
    }
}
