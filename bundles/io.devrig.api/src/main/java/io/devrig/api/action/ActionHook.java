package io.devrig.api.action;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs around every action call (seed architecture §8.3 steps 3 and 6), e.g. rate limits
 * or auditing. Published as a service; called in service ranking order.
 */
@ConsumerType
public interface ActionHook {

    /**
     * Before execution, with the validated input. Throwing a
     * {@link io.devrig.api.error.DevRigException} vetoes the call: it fails with that error.
     */
    default void before(ActionDescriptor action, Object input, ActionContext context) {
    }

    /** After execution (also after a failure or a veto); must not throw. */
    default void after(ActionDescriptor action, ActionOutcome outcome, ActionContext context) {
    }
}
