package io.devrig.api.trigger;

/**
 * What one {@link TriggerContext#fire} did.
 *
 * @param outcome started, a duplicate, or refused
 * @param eventId the recorded {@code trigger_events} row; for a duplicate the row of the fire it
 *        repeats (a webhook answers a retried delivery with the first one's id); null when
 *        nothing was recorded
 * @param runId the run it started, or null
 * @param reason why no run started (duplicate, paused, workflow disabled, entry condition), or null
 */
public record FireResult(Outcome outcome, String eventId, String runId, String reason) {

    /** The three ways a fire ends. */
    public enum Outcome {
        /** A run was started. */
        STARTED,
        /** The same deduplication key fired within the window: dropped, logged and counted. */
        DUPLICATE,
        /** No run: the trigger is paused, the workflow disabled or an entry condition did not hold. */
        REFUSED
    }
}
