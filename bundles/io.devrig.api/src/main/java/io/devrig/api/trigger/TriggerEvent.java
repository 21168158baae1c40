package io.devrig.api.trigger;

import java.time.Instant;

/**
 * One recorded fire of a trigger (a {@code trigger_events} row), as {@code devrig:trigger-events}
 * lists it.
 *
 * @param outcome started, a dropped duplicate, or refused
 * @param runId the run it started, or null
 * @param duplicateOf for a duplicate, the event it repeats; else null
 * @param reason why no run started, or null
 */
public record TriggerEvent(String id, String triggerId, String workflowId, String deduplicationKey, Instant firedAt,
        FireResult.Outcome outcome, String runId, String duplicateOf, String reason) {
}
