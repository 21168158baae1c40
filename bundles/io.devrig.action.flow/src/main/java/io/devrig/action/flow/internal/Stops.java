package io.devrig.action.flow.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.time.Instant;

/**
 * The error an action throws when it stops early. {@link ActionContext#cancelled()} and a
 * thread interrupt mean either "the run was cancelled" or "the time is up"; the deadline
 * tells them apart, so a node that ran out of time is reported (and retried) as a timeout,
 * not as a cancellation that is never retried.
 */
final class Stops {

    private Stops() {
    }

    /**
     * Whether the call must stop now: its thread was interrupted, the context says so, or
     * the deadline has passed (checked here too, in case a context does not report it).
     */
    static boolean requested(ActionContext context) {
        return Thread.currentThread().isInterrupted() || context.cancelled() || deadlinePassed(context);
    }

    static boolean deadlinePassed(ActionContext context) {
        Instant deadline = context.deadline();
        return deadline != null && !Instant.now().isBefore(deadline);
    }

    static DevRigException stopped(ActionContext context, String what) {
        if (deadlinePassed(context)) {
            return timedOut(what);
        }
        return new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, what + " was cancelled");
    }

    static DevRigException timedOut(String what) {
        return new DevRigException(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT, what + " reached the node's deadline");
    }
}
