package io.devrig.api.flow;

/**
 * Which runs to list, newest first.
 *
 * @param workflowId only this workflow's, or null
 * @param status only runs in this state, or null
 * @param limit at most this many, 1 to 1000
 */
public record RunQuery(String workflowId, RunStatus status, int limit) {

    public RunQuery {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1 to 1000: " + limit);
        }
    }

    public static RunQuery all() {
        return new RunQuery(null, null, 50);
    }
}
