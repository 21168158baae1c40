package io.devrig.flow.engine.internal;

import java.time.Duration;
import java.util.List;

/**
 * Executor settings (from {@link EngineConfig} or tests).
 *
 * @param nodeThreads threads running the nodes of parallel-mode runs, shared by all runs
 * @param defaultNodeTimeout a node without its own {@code timeoutMs} gets this (never more than the run has left)
 * @param admitRetry how soon a run held back by {@code maxConcurrentRuns} asks again
 * @param inlineWait retry delays up to this long are waited on the worker; longer ones
 *        free the worker and continue the run as a delayed job
 * @param stopGrace how long a cancelled or timed-out run waits for its interrupted nodes to return
 * @param env environment variables conditions may read ({@code env} refs), by name
 */
record EngineSettings(int nodeThreads, Duration defaultNodeTimeout, Duration admitRetry, Duration inlineWait,
        Duration stopGrace, List<String> env) {

    static final EngineSettings DEFAULTS = new EngineSettings(16, Duration.ofMinutes(5), Duration.ofMillis(250),
            Duration.ofSeconds(2), Duration.ofSeconds(5), List.of());

    EngineSettings {
        if (nodeThreads < 1) {
            throw new IllegalArgumentException("nodeThreads must be at least 1: " + nodeThreads);
        }
        env = List.copyOf(env);
    }

    static EngineSettings from(EngineConfig c) {
        return new EngineSettings(c.nodeThreads(), Duration.ofMillis(c.defaultNodeTimeoutMs()),
                Duration.ofMillis(c.admitRetryMs()), Duration.ofMillis(c.inlineWaitMs()),
                Duration.ofMillis(c.stopGraceMs()), c.envAllowList() == null ? List.of() : List.of(c.envAllowList()));
    }
}
