package io.devrig.trigger.cron.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.time.DevRigClock;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The {@code cron} trigger type (seed §6.2.1). Owns the bundle's one {@link CronScheduler}:
 * every handler it creates is an entry in that scheduler's queue, and deactivation (bundle
 * stop or update) ends the scheduler thread after the manager has disposed the handlers.
 */
@Component(service = TriggerType.class, property = TriggerType.TYPE_PROPERTY + "=" + CronTriggerType.TYPE)
public final class CronTriggerType implements TriggerType {

    static final String TYPE = "cron";

    private final DevRigClock clock;
    private final CronScheduler scheduler;

    @Activate
    public CronTriggerType() {
        this(DevRigClock.system(), CronScheduler.threaded(DevRigClock.system()));
    }

    CronTriggerType(DevRigClock clock, CronScheduler scheduler) {
        this.clock = clock;
        this.scheduler = scheduler;
    }

    @Deactivate
    void deactivate() {
        scheduler.close();
    }

    @Override
    public List<String> validate(Map<String, Object> config) {
        return CronConfig.problems(config, clock.now());
    }

    @Override
    public TriggerHandler createHandler(TriggerContext context) {
        List<String> problems = new ArrayList<>();
        CronConfig config = CronConfig.read(context.config(), null, problems);
        if (config == null) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, String.join("; ", problems));
        }
        return new CronHandler(context, config, scheduler, clock);
    }
}
