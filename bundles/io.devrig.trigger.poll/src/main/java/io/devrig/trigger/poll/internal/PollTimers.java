package io.devrig.trigger.poll.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.camel.CamelRuntime;
import io.devrig.camel.OwnedCamelContext;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.timer.TimerComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The bundle's Camel context, {@code devrig-poll}: created when this component activates,
 * stopped when it deactivates. Delayed (a service nobody outside the bundle uses): the trigger
 * type gets it when its first poll starts, so a server without a poll trigger never loads Camel
 * (about 430 classes and a context start at boot).
 */
@Component(service = PollTimers.class)
public final class PollTimers {

    static final String CONTEXT_NAME = "devrig-poll";
    /** How long a stop waits for a poll in progress before Camel stops its route anyway. */
    static final long STOP_WAIT_SECONDS = 5;

    private final OwnedCamelContext camel;

    @Activate
    public PollTimers(@Reference CamelRuntime runtime) throws Exception {
        // the timer component added explicitly (io.devrig.camel README); routes come with triggers
        this.camel = runtime.start(CONTEXT_NAME, context -> context.addComponent("timer", new TimerComponent()));
    }

    /** Adds (or replaces) the timer route {@code routeId}: {@code tick} after {@code delayMs}, then every {@code periodMs}. */
    void add(String routeId, long periodMs, long delayMs, Runnable tick) {
        CamelContext context = camel.context();
        remove(routeId); // a handler that was not stopped cleanly must not block its successor
        try {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:" + timerName(routeId) + "?period=" + periodMs + "&delay=" + delayMs)
                            .routeId(routeId).process(exchange -> tick.run());
                }
            });
        } catch (Exception e) {
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PERMANENT,
                    "could not add the polling route of trigger " + routeId + ": " + e.getMessage(), e);
        }
    }

    /** Stops and removes the route {@code routeId}, if it runs. */
    void remove(String routeId) {
        CamelContext context = camel.context();
        if (context.getRoute(routeId) == null) {
            return;
        }
        try {
            context.getRouteController().stopRoute(routeId, STOP_WAIT_SECONDS, TimeUnit.SECONDS);
            context.removeRoute(routeId);
        } catch (Exception e) {
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PERMANENT,
                    "could not remove the polling route of trigger " + routeId + ": " + e.getMessage(), e);
        }
    }

    /** The timer name of a trigger's route: its id when that is URI-safe, else a hash of it. */
    static String timerName(String triggerId) {
        return triggerId.matches("[A-Za-z0-9_-]{1,64}") ? "poll-" + triggerId
                : "poll-" + PollConfig.sha256(triggerId).substring(0, 24);
    }

    @Deactivate
    void close() {
        camel.close();
    }
}
