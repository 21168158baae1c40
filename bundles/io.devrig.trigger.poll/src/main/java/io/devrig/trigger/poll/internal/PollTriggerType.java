package io.devrig.trigger.poll.internal;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code polling} trigger type (seed §6.2.4). Each started trigger is one timer route in the
 * bundle's Camel context ({@link PollTimers}, {@code devrig-poll}) whose id is the trigger's id
 * ({@code devrig:routes} lists them), added by its handler's start and removed by its stop. The
 * context is taken up with the first started poll, not at activation: boot loads no Camel for a
 * server without polls.
 * A poll is one action call through the {@link ActionRegistry}: {@code http.request} for an
 * http source (so it goes through the SSRF-safe {@code OutboundHttp}, with auth from the vault
 * by secret name, exactly as a workflow node), or a plugin action that declares no side effects.
 */
@Component(service = TriggerType.class, property = TriggerType.TYPE_PROPERTY + "=" + PollTriggerType.TYPE)
public final class PollTriggerType implements TriggerType {

    static final String TYPE = "polling";
    /** The first poll of a started trigger (it records the state): soon, not a whole interval later. */
    static final long FIRST_POLL_DELAY_MS = 1_000;

    private final ActionRegistry registry;
    private final Supplier<PollTimers> open;
    private final Consumer<PollTimers> release;
    private final long minIntervalMs;
    private final long firstPollDelayMs;
    private final Clock clock;
    private PollTimers timers; // guarded by this; null until the first poll starts

    @Activate
    public PollTriggerType(@Reference ComponentServiceObjects<PollTimers> timers, @Reference ActionRegistry registry) {
        this(timers::getService, timers::ungetService, registry, PollConfig.MIN_INTERVAL_MS, FIRST_POLL_DELAY_MS,
                Clock.systemUTC());
    }

    /** For tests only: a shorter minimum interval and first delay, so that a real timer test is quick. */
    PollTriggerType(Supplier<PollTimers> open, Consumer<PollTimers> release, ActionRegistry registry,
            long minIntervalMs, long firstPollDelayMs, Clock clock) {
        this.open = open;
        this.release = release;
        this.registry = registry;
        this.minIntervalMs = minIntervalMs;
        this.firstPollDelayMs = firstPollDelayMs;
        this.clock = clock;
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
    synchronized void deactivate() {
        if (timers != null) {
            release.accept(timers);
            timers = null;
        }
    }

    /** The timers, taken up now when {@code takeUp} and not yet taken; else null until then. */
    private synchronized PollTimers timers(boolean takeUp) {
        if (timers == null && takeUp) {
            timers = open.get();
            if (timers == null) { // its component could not activate (the Camel runtime is going)
                throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.TRANSIENT,
                        "the polling timers (Camel context " + PollTimers.CONTEXT_NAME + ") are not available");
            }
        }
        return timers;
    }

    /** One timer route per trigger; each timer name has its own {@code java.util.Timer} thread. */
    private final class TimerRoutes implements PollHandler.Routes {

        @Override
        public void add(String routeId, long periodMs, Runnable tick) {
            timers(true).add(routeId, periodMs, firstPollDelayMs, tick);
        }

        @Override
        public void remove(String routeId) {
            PollTimers started = timers(false);
            if (started != null) {
                started.remove(routeId);
            }
        }
    }
}
