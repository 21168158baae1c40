package io.devrig.plugin.internal.invoke;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the plugin invoker, PID {@code io.devrig.plugin.invoker}. */
@ObjectClassDefinition(name = "DevRig plugin invoker",
        description = "Time limits, threads and circuit breaker for calls into plugin code.")
public @interface InvokerConfig {

    @AttributeDefinition(name = "Default time limit (ms)")
    long defaultTimeoutMs() default 30_000;

    @AttributeDefinition(name = "Per-plugin time limits",
            description = "Entries 'pluginId=milliseconds', e.g. 'io.devrig.plugin.github=60000'.")
    String[] timeouts() default {};

    @AttributeDefinition(name = "Threads per plugin", description = "Calls of one plugin that may run at once.")
    int threadsPerPlugin() default 4;

    @AttributeDefinition(name = "Breaker: failures to open", description = "Consecutive failures that open a plugin's breaker.")
    int failureThreshold() default 10;

    @AttributeDefinition(name = "Breaker: reset time (ms)", description = "How long an open breaker refuses calls.")
    long resetTimeoutMs() default 60_000;

    @AttributeDefinition(name = "Breaker: half-open trials", description = "Trial calls, and successes needed to close.")
    int halfOpenTrials() default 2;
}
