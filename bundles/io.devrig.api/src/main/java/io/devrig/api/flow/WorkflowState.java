package io.devrig.api.flow;

/**
 * A workflow's run-relevant state.
 *
 * @param latestVersion the newest published version, 0 when never published
 * @param enabled whether runs may start
 */
public record WorkflowState(String id, int latestVersion, boolean enabled) {
}
