package io.devrig.api.trigger;

import java.time.Instant;

/**
 * A trigger as the manager reports it (seed §6.1 {@code TriggerStatus}).
 *
 * @param nextFireAt for types that know it, else null
 * @param lastError the last failure's message (never a secret), or null
 */
public record TriggerStatus(String id, String workflowId, int workflowVersion, String type, TriggerState state,
        Instant lastFiredAt, Instant nextFireAt, long fireCount, long errorCount, String lastError) {
}
