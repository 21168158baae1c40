package io.devrig.api.trigger;

import java.time.Instant;

/**
 * A trigger as the manager reports it (seed §6.1 {@code TriggerStatus}).
 *
 * @param lastFiredAt when a fire of it last started a run (committed), or null
 * @param nextFireAt for types that know it, else null
 * @param fireCount fires that started a run (duplicates and refusals not counted)
 * @param lastError the last failure's message (never a secret), or null
 * @param duplicateCount fires dropped because the same deduplication key had started a run within the window
 */
public record TriggerStatus(String id, String workflowId, int workflowVersion, String type, TriggerState state,
        Instant lastFiredAt, Instant nextFireAt, long fireCount, long errorCount, String lastError,
        long duplicateCount) {

    /** A status without dropped duplicates (types' tests). */
    public TriggerStatus(String id, String workflowId, int workflowVersion, String type, TriggerState state,
            Instant lastFiredAt, Instant nextFireAt, long fireCount, long errorCount, String lastError) {
        this(id, workflowId, workflowVersion, type, state, lastFiredAt, nextFireAt, fireCount, errorCount, lastError, 0);
    }
}
