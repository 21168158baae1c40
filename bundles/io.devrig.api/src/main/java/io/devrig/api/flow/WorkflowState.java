package io.devrig.api.flow;

/**
 * A workflow's run-relevant state.
 *
 * @param latestVersion the newest published version, 0 when never published
 * @param enabled whether runs may start
 */
public record WorkflowState(String id, int latestVersion, boolean enabled) {

    /** Whether a run can start now: the workflow is enabled and has a published version. */
    public boolean canStart() {
        return enabled && latestVersion >= 1;
    }
}
