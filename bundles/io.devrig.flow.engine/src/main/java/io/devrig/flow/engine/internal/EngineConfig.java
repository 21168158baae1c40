package io.devrig.flow.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "DevRig flow executor", description = "How workflow runs are executed.")
public @interface EngineConfig {

    @AttributeDefinition(name = "Node threads", description = "Threads running the nodes of parallel-mode runs, shared by all runs.")
    int nodeThreads() default 16;

    @AttributeDefinition(name = "Default node timeout (ms)", description = "For nodes without their own timeoutMs.")
    long defaultNodeTimeoutMs() default 300_000;

    @AttributeDefinition(name = "Admission retry (ms)", description = "How soon a run held back by maxConcurrentRuns asks again.")
    long admitRetryMs() default 250;

    @AttributeDefinition(name = "Inline wait (ms)", description = "Retry delays up to this long are waited on the "
            + "worker; longer ones free it and continue the run as a delayed job.")
    long inlineWaitMs() default 2_000;

    @AttributeDefinition(name = "Stop grace (ms)", description = "How long a cancelled or timed-out run waits for its interrupted nodes.")
    long stopGraceMs() default 5_000;

    @AttributeDefinition(name = "Orphan check (ms)", description = "How often unfinished runs without a queue job "
            + "are given one, and dead jobs of runs that are no longer failed are discarded (also once at start).")
    long orphanCheckMs() default 60_000;

    @AttributeDefinition(name = "Environment allow-list", description = "Environment variables conditions may read.")
    String[] envAllowList() default {};
}
