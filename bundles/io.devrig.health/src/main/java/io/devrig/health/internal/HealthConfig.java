package io.devrig.health.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the readiness report, PID {@code io.devrig.health}. */
@ObjectClassDefinition(name = "DevRig health", description = "What /health/ready requires.")
public @interface HealthConfig {

    @AttributeDefinition(name = "Required checks",
            description = "Checks that must be registered and UP; a missing one makes the server not ready.")
    String[] requiredChecks() default {"database", "bundles"};

    @AttributeDefinition(name = "Check time limit (ms)",
            description = "A check that takes longer counts as DOWN.")
    long checkTimeoutMs() default 2000;
}
