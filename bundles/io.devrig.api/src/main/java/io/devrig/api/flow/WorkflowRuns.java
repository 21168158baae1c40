package io.devrig.api.flow;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Starts, watches and cancels workflow runs (seed architecture §5.1). Runs are executed
 * by workers of the durable job queue; their state lives in {@code workflow_runs},
 * {@code node_runs} and {@code execution_logs}, so a run survives a crash and continues
 * from its last completed node.
 */
@ProviderType
public interface WorkflowRuns {

    /** The type of the queue jobs that execute runs; their payload is {@code {"runId": "..."}}. */
    String JOB_TYPE = "flow.run";

    /**
     * Starts a run of the latest published version. The input (JSON object text, null for
     * {@code {}}) is validated against the trigger's {@code inputSchema} when it has one.
     * Entry conditions are evaluated first: when one does not hold, no run is created and
     * the skip is logged.
     *
     * @throws io.devrig.api.error.DevRigException {@code NOT_FOUND} (unknown or never
     *         published workflow), {@code INVALID_INPUT} (input not JSON, or not matching
     *         the schema; details {@code problems}), {@code CONFLICT} (workflow disabled)
     */
    RunStart start(String workflowId, String inputJson);

    /**
     * Starts a run of the latest published version for a fired trigger (the trigger
     * manager's call). The payload is the run's {@code trigger.payload}, and its
     * {@code input} when it is a JSON object ({@code {}} otherwise); the trigger's
     * {@code inputSchema} is for starts by hand and is not applied. Entry conditions are
     * evaluated as for {@link #start(String, String)}.
     *
     * @throws io.devrig.api.error.DevRigException as {@link #start(String, String)}, and
     *         {@code INVALID_INPUT} when the payload is not JSON-compatible
     */
    RunStart startTriggered(String workflowId, RunTrigger trigger);

    /**
     * {@link #startTriggered} in two parts: everything but the writes, here, on the caller's
     * thread and outside any transaction; the rows in {@link #startPrepared}.
     *
     * @throws io.devrig.api.error.DevRigException as {@link #startTriggered} does, for what it
     *         can tell now (no such workflow, disabled, no published version, a payload that is not JSON)
     * @since 1.3
     */
    default PreparedRun prepareTriggered(String workflowId, RunTrigger trigger) {
        // an implementation that prepares nothing ahead: the whole start happens in startPrepared
        return new Deferred(workflowId, 0, trigger);
    }

    /**
     * {@link #prepareTriggered(String, RunTrigger)} for a fire that was accepted earlier with
     * {@code runId} recorded as its run's id (the trigger manager starts such fires when its
     * intake is quiet, and after a restart): the run gets that id. An implementation that
     * cannot take a given id may assign another ({@link PreparedRun#runId} tells which).
     *
     * @since 1.6
     */
    default PreparedRun prepareTriggered(String workflowId, RunTrigger trigger, String runId) {
        return prepareTriggered(workflowId, trigger);
    }

    /** What the default {@link #prepareTriggered} hands back: the start, not yet done. */
    record Deferred(String workflowId, int workflowVersion, RunTrigger trigger) implements PreparedRun {
    }

    /**
     * Writes a prepared run and its queue job, joining the caller's write transaction when
     * there is one. The workflow is checked again (it may have been disabled meanwhile); a
     * run whose entry conditions did not hold is logged and skipped, as by {@link #startTriggered}.
     *
     * @since 1.3
     */
    default RunStart startPrepared(PreparedRun prepared) {
        if (prepared instanceof Deferred d) {
            return startTriggered(d.workflowId(), d.trigger());
        }
        throw new IllegalArgumentException("not a run prepared by this service: " + prepared);
    }

    Optional<RunSummary> run(String runId);

    Optional<RunDetail> detail(String runId);

    List<RunSummary> runs(RunQuery query);

    /**
     * Cancels a pending or running run: its running actions are interrupted and it ends
     * {@code cancelled}. False when the run is unknown or already final.
     */
    boolean cancel(String runId);

    /**
     * Runs a failed run again (its job waits in the dead-letter queue), from where it failed.
     *
     * <p>With {@code latestVersion} false it stays on its version: its failed nodes are
     * pending again (one more attempt each) and completed nodes keep their outputs. With
     * {@code latestVersion} true it moves to the workflow's latest published version and
     * keeps the output of each completed node whose id, type, action type, config and
     * condition are unchanged in that version, whose upstream nodes are the same, and whose
     * upstream nodes were all kept; every other node runs (again) on the new version.
     *
     * @throws io.devrig.api.error.DevRigException {@code NOT_FOUND} (unknown run),
     *         {@code CONFLICT} (the run is not failed, or the workflow has no published
     *         version any more)
     */
    RunRetry retry(String runId, boolean latestVersion);

    /** Waits until the run is final or the time is up; the run as it is then. */
    Optional<RunSummary> await(String runId, Duration timeout) throws InterruptedException;

    /**
     * Dry-runs a workflow: its latest published version, or its draft when
     * {@code draft} is true (or when it was never published).
     */
    DryRunResult dryRun(String workflowId, boolean draft, String inputJson);
}
