package io.devrig.api.trigger;

/**
 * What one {@link TriggerContext#fire} did.
 *
 * @param outcome started, accepted (its run starts shortly), a duplicate, or refused
 * @param eventId the recorded {@code trigger_events} row; for a duplicate the row of the fire it
 *        repeats (a webhook answers a retried delivery with the first one's id); null when
 *        nothing was recorded
 * @param runId the run it started, or for an accepted fire the id its run will have; else null
 * @param reason why no run started (duplicate, paused, workflow disabled, entry condition), or null
 */
public record FireResult(Outcome outcome, String eventId, String runId, String reason) {

    /** The ways a fire ends. */
    public enum Outcome {
        /** A run was started. */
        STARTED,
        /**
         * The event is recorded and its run, with the id {@code runId}, starts shortly: under a
         * burst of fires the manager commits the events first and starts their runs once its
         * intake is quiet (while it stays busy, the oldest a few at a time), and after a restart. The event's outcome then
         * becomes {@link #STARTED}, or {@link #REFUSED} when the workflow can no longer start.
         *
         * @since 1.1
         */
        ACCEPTED,
        /** The same deduplication key fired within the window: dropped, logged and counted. */
        DUPLICATE,
        /** No run: the trigger is paused, the workflow disabled or an entry condition did not hold. */
        REFUSED
    }
}
