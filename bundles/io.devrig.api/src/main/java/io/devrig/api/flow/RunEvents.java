package io.devrig.api.flow;

/**
 * The Event Admin event the flow engine posts when a run ends (after its final state is
 * committed), e.g. for triggers that start a workflow when another one finishes. Posted
 * asynchronously and not stored: a crash between the commit and the posting loses it.
 */
public final class RunEvents {

    /** A run reached a final state. Properties: {@link #RUN_ID}, {@link #STATUS}, {@link #WORKFLOW_ID} (when known). */
    public static final String RUN_FINISHED = "io/devrig/flow/RUN_FINISHED";
    public static final String RUN_ID = "runId";
    /** The {@link RunStatus#json()} name: {@code completed}, {@code failed}, {@code cancelled}, {@code timed_out}. */
    public static final String STATUS = "status";
    public static final String WORKFLOW_ID = "workflowId";

    private RunEvents() {
    }
}
