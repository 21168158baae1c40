package io.devrig.flow.engine.internal;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * What every run execution shares.
 *
 * @param database null for executions that write nothing (dry-runs)
 * @param nodePool the threads of parallel-mode nodes
 * @param env the allow-listed environment conditions may read
 * @param finished told after a run's final state is committed
 * @param nodeTimes how long each action type's calls took lately (which parallel nodes to run inline)
 */
record EngineContext(Database database, ActionRegistry actions, DevRigClock clock, UlidGenerator ids,
        EngineSettings settings, ExecutorService nodePool, Map<String, String> env, RunFinished finished,
        NodeTimes nodeTimes) {

    EngineContext(Database database, ActionRegistry actions, DevRigClock clock, UlidGenerator ids,
            EngineSettings settings, ExecutorService nodePool, Map<String, String> env, RunFinished finished) {
        this(database, actions, clock, ids, settings, nodePool, env, finished, new NodeTimes());
    }

    /** Told when a run's final state was committed (the component posts {@code RunEvents.RUN_FINISHED}). */
    @FunctionalInterface
    interface RunFinished {
        /** @param workflowId null when the code that ended the run did not have it at hand */
        void finished(String runId, String workflowId, io.devrig.api.flow.RunStatus status);
    }

    /** A context whose finished runs tell nobody. */
    EngineContext(Database database, ActionRegistry actions, DevRigClock clock, UlidGenerator ids,
            EngineSettings settings, ExecutorService nodePool, Map<String, String> env) {
        this(database, actions, clock, ids, settings, nodePool, env, (runId, workflowId, status) -> { });
    }
}
