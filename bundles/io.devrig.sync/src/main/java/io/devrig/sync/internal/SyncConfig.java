package io.devrig.sync.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.devrig.sync}. */
@ObjectClassDefinition(name = "DevRig sync scheduler",
        description = "Schedules the data sources of active plugins: how many sync at once and how often the scheduler looks.")
public @interface SyncConfig {

    @AttributeDefinition(name = "Concurrent syncs",
            description = "Most sync cycles running at once (each holds a worker of the job queue while it runs; keep it"
                    + " below the queue's maximum workers so workflow runs always find one).")
    int maxConcurrentSyncs() default ConcurrencyGate.DEFAULT_LIMIT;

    @AttributeDefinition(name = "Tick (ms)", description = "How often the scheduler looks for due data sources.")
    long tickMillis() default 1000;

    @AttributeDefinition(name = "Cycle time limit (minutes)",
            description = "Longest one sync cycle (all its pages) may run before it is interrupted and counted as a failure."
                    + " Each page also has the plugin's own call time limit.")
    int cycleTimeoutMinutes() default 15;

    @AttributeDefinition(name = "Retry when busy (ms)",
            description = "How long a cycle that found every slot taken waits before it tries again.")
    long busyRetryMillis() default 2000;
}
