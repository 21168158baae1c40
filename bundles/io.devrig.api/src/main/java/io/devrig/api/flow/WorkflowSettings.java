package io.devrig.api.flow;

import io.devrig.api.retry.RetryPolicy;

/**
 * Run settings of a workflow (seed architecture §5.2).
 *
 * @param maxConcurrentRuns 1 to 1000
 * @param timeoutMs the whole run's limit, 1,000 to 86,400,000 (24 h)
 * @param retryPolicy the default for nodes without their own
 */
public record WorkflowSettings(int maxConcurrentRuns, long timeoutMs, RetryPolicy retryPolicy,
        ErrorHandling errorHandling, ExecutionMode executionMode) {

    /** One run at a time, 1 h, {@link RetryPolicy#DEFAULTS}, stop, sequential. */
    public static WorkflowSettings defaults() {
        return new WorkflowSettings(1, 3_600_000, RetryPolicy.DEFAULTS, ErrorHandling.STOP,
                ExecutionMode.SEQUENTIAL);
    }
}
