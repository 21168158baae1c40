package io.devrig.api.flow;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A triggered run worked out ahead of its transaction ({@link WorkflowRuns#prepareTriggered}):
 * the payload checked, the published version found and compiled, entry conditions evaluated,
 * ids and JSON made. {@link WorkflowRuns#startPrepared} then only writes the rows, so a caller
 * that commits many fires under the single writer holds it for the writes alone. Only the
 * {@code WorkflowRuns} that prepared it can start it.
 */
@ProviderType
public interface PreparedRun {

    String workflowId();

    /** The version the run will be on: the latest published one when it was prepared (0: decided when it starts). */
    int workflowVersion();

    /**
     * The id the run will have when {@link WorkflowRuns#startPrepared} starts it, so a caller
     * can record it with the event in the same transaction; null when the start will be
     * skipped (an entry condition does not hold) or is not known ahead.
     *
     * @since 1.4
     */
    default String runId() {
        return null;
    }

    /**
     * The trigger's payload as the JSON the run stores (checked and written once while
     * preparing), so a caller recording the event can store the same text without writing
     * it again; null when not known ahead.
     *
     * @since 1.5
     */
    default String payloadJson() {
        return null;
    }
}
