package io.devrig.trigger.poll.internal;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import io.devrig.camel.CamelRuntime;
import io.devrig.camel.OwnedCamelContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.timer.TimerComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code polling} trigger type (seed §6.2.4). The bundle owns one Camel context,
 * {@code devrig-poll}; each started trigger is one timer route in it whose id is the trigger's
 * id ({@code devrig:routes} lists them), added by its handler's start and removed by its stop.
 * A poll is one action call through the {@link ActionRegistry}: {@code http.request} for an
 * http source (so it goes through the SSRF-safe {@code OutboundHttp}, with auth from the vault
 * by secret name, exactly as a workflow node), or a plugin action that declares no side effects.
 */
@Component(service = TriggerType.class, property = TriggerType.TYPE_PROPERTY + "=" + PollTriggerType.TYPE)
public final class PollTriggerType implements TriggerType {

    static final String TYPE = "polling";
    static final String CONTEXT_NAME = "devrig-poll";
    /** The first poll of a started trigger (it records the state): soon, not a whole interval later. */
    static final long FIRST_POLL_DELAY_MS = 1_000;
    /** How long a stop waits for a poll in progress before Camel stops its route anyway. */
    static final long STOP_WAIT_SECONDS = 5;

    private final ActionRegistry registry;
    private final OwnedCamelContext camel;
    private final long minIntervalMs;
    private final long firstPollDelayMs;
    private final Clock clock;

    @Activate
    public PollTriggerType(@Reference CamelRuntime runtime, @Reference ActionRegistry registry) throws Exception {
        this(runtime, registry, PollConfig.MIN_INTERVAL_MS, FIRST_POLL_DELAY_MS, Clock.systemUTC());
    }

    /** For tests only: a shorter minimum interval and first delay, so that a real timer test is quick. */
    PollTriggerType(CamelRuntime runtime, ActionRegistry registry, long minIntervalMs, long firstPollDelayMs,
            Clock clock) throws Exception {
        this.registry = registry;
        this.minIntervalMs = minIntervalMs;
        this.firstPollDelayMs = firstPollDelayMs;
        this.clock = clock;
        // the timer component added explicitly (io.devrig.camel README); routes come with triggers
        this.camel = runtime.start(CONTEXT_NAME, context -> context.addComponent("timer", new TimerComponent()));
    }

    @Override
    public List<String> validate(Map<String, Object> config) {
        List<String> problems = new ArrayList<>();
        PollConfig.read(config, minIntervalMs, registry, problems);
        return problems;
    }

    @Override
    public TriggerHandler createHandler(TriggerContext context) {
        List<String> problems = new ArrayList<>();
        PollConfig config = PollConfig.read(context.config(), minIntervalMs, registry, problems);
        if (config == null) { // e.g. the plugin action went away, or now declares side effects
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, String.join("; ", problems));
        }
        return new PollHandler(context, config, registry, new TimerRoutes(), clock);
    }

    @Deactivate
    void deactivate() {
        camel.close();
    }

    /** The timer name of a trigger's route: its id when that is URI-safe, else a hash of it. */
    static String timerName(String triggerId) {
        return triggerId.matches("[A-Za-z0-9_-]{1,64}") ? "poll-" + triggerId
                : "poll-" + PollConfig.sha256(triggerId).substring(0, 24);
    }

    /** One timer route per trigger; each timer name has its own {@code java.util.Timer} thread. */
    private final class TimerRoutes implements PollHandler.Routes {

        @Override
        public void add(String routeId, long periodMs, Runnable tick) {
            CamelContext context = camel.context();
            remove(routeId); // a handler that was not stopped cleanly must not block its successor
            try {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("timer:" + timerName(routeId) + "?period=" + periodMs + "&delay=" + firstPollDelayMs)
                                .routeId(routeId).process(exchange -> tick.run());
                    }
                });
            } catch (Exception e) {
                throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.PERMANENT,
                        "could not add the polling route of trigger " + routeId + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void remove(String routeId) {
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
    }
}
