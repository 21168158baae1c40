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
 */
record EngineContext(Database database, ActionRegistry actions, DevRigClock clock, UlidGenerator ids,
        EngineSettings settings, ExecutorService nodePool, Map<String, String> env) {
}
