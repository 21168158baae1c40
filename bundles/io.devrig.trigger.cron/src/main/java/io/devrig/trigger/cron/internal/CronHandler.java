package io.devrig.trigger.cron.internal;

import io.devrig.api.time.DevRigClock;
import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import io.devrig.api.trigger.TriggerStatus;
import io.devrig.trigger.cron.internal.CronConfig.MissedFirePolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cron trigger. Each time it is due (and once on {@link #start}, for what passed while
 * it was not running) it looks at the fire times in {@code (from, now]}, where {@code from}
 * is the last fire time it handled, or the manager's {@code lastFiredAt} on start:
 *
 * <ul>
 * <li>none: nothing to do;</li>
 * <li>the latest is at most {@link #GRACE} old and the only one: an ordinary fire;</li>
 * <li>otherwise fires were missed: {@code fireOnce} fires once, for the latest fire time, with
 * {@code missed: true}; {@code skip} fires only when that latest time is within the grace.</li>
 * </ul>
 *
 * <p>A fire's deduplication key is {@code <triggerId>@<fire time, UTC ISO>}, so the same fire
 * time handed over twice (by the handler before and after a restart) is dropped by the manager.
 * Fires go through {@link TriggerContext#fireAsync}, so the thousands due in one second are
 * committed together.
 */
final class CronHandler implements TriggerHandler, CronScheduler.Task {

    private static final Logger LOG = LoggerFactory.getLogger(CronHandler.class);

    /**
     * A fire time this close to now is not missed but late (Quartz's default misfire
     * threshold). It must not exceed the manager's deduplication window (60 s by default),
     * which is what makes a fire handed over by both sides of a restart count once.
     */
    static final Duration GRACE = Duration.ofSeconds(60);

    private final TriggerContext context;
    private final CronConfig config;
    private final CronScheduler scheduler;
    private final DevRigClock clock;

    // guarded by this
    private boolean started;
    private boolean stopped;
    private boolean exhausted;
    private Instant from;
    private long baseCount;
    private long handedOver;
    private long skippedOverlaps;
    private CronScheduler.Entry entry;
    private Instant due;

    private volatile Instant next;

    CronHandler(TriggerContext context, CronConfig config, CronScheduler scheduler, DevRigClock clock) {
        this.context = context;
        this.config = config;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void start() {
        Instant first;
        synchronized (this) {
            if (started || stopped) {
                return;
            }
            started = true;
            TriggerStatus status = context.status();
            Instant now = clock.now();
            baseCount = status == null ? 0 : status.fireCount();
            // never fired: nothing can have been missed; from then on the manager's lastFiredAt
            // (recorded when a fire was committed) is the line a restart must not cross twice
            from = status == null || status.lastFiredAt() == null ? now : status.lastFiredAt();
            fire(now);
            first = next();
            // scheduled under the lock: a concurrent stop() must see the entry to cancel it
            entry = scheduler.schedule(this, first);
        }
        if (first == null) {
            LOG.info("Cron trigger {} ({}) has nothing left to fire", context.triggerId(),
                    config.schedule().expression());
        }
    }

    @Override
    public void stop() {
        CronScheduler.Entry e;
        synchronized (this) {
            stopped = true;
            next = null;
            e = entry;
        }
        if (e != null) {
            scheduler.cancel(e);
        }
    }

    @Override
    public Optional<Instant> nextFireAt() {
        return Optional.ofNullable(next);
    }

    /** Fires skipped because the workflow was still running ({@code noOverlap}). */
    synchronized long skippedOverlaps() {
        return skippedOverlaps;
    }

    /** Handles the fire times in {@code (from, now]}. */
    @Override
    public synchronized void fire(Instant now) {
        if (stopped || limitReached()) {
            return;
        }
        try {
            CronSchedule schedule = config.schedule();
            Instant first = due != null ? due : schedule.next(from);
            due = first;
            if (first == null || first.isAfter(now)) {
                return;
            }
            // fire times are whole seconds apart: within a second of the first, nothing else is due
            Instant latest = Duration.between(first, now).getSeconds() < 1 ? first : schedule.latest(first, now);
            boolean late = Duration.between(latest, now).compareTo(GRACE) > 0;
            boolean missed = late || !latest.equals(first);
            if (!late || config.missedFirePolicy() == MissedFirePolicy.FIRE_ONCE) {
                if (missed) {
                    LOG.info("Cron trigger {} missed the fire times {} to {}; it fires once (missedFirePolicy {})",
                            context.triggerId(), first, latest, config.missedFirePolicy().wireName);
                }
                fireAt(latest, missed ? first : null);
            } else {
                LOG.info("Cron trigger {} skipped the fire times {} to {} (missedFirePolicy skip)",
                        context.triggerId(), first, latest);
            }
            from = latest;
            due = null;
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** The fire time after the last one handled (null: stopped, limit reached, or none left). */
    @Override
    public synchronized Instant next() {
        if (stopped || limitReached()) {
            next = null;
            return null;
        }
        try {
            if (due == null) {
                due = config.schedule().next(from);
            }
            next = due;
            return due;
        } catch (RuntimeException e) {
            failed(e);
            next = null;
            return null;
        }
    }

    private void failed(RuntimeException e) {
        // a scheduling failure must not end the schedule silently
        LOG.error("Cron trigger {} failed", context.triggerId(), e);
        context.reportError("cron scheduling failed: " + e);
    }

    private boolean limitReached() {
        if (exhausted) {
            return true;
        }
        if (config.maxExecutions() > 0 && baseCount + handedOver >= config.maxExecutions()) {
            exhausted = true;
            LOG.info("Cron trigger {} reached maxExecutions {}", context.triggerId(), config.maxExecutions());
        }
        return exhausted;
    }

    private void fireAt(Instant at, Instant firstMissed) {
        if (config.noOverlap() && context.workflowActive()) {
            skippedOverlaps++;
            String line = "Cron trigger {} skipped its fire at {}: the workflow is still running (noOverlap);"
                    + " {} skipped since start";
            // the first at info, the rest at debug: a per-second schedule behind a long run is noisy
            if (skippedOverlaps == 1) {
                LOG.info(line, context.triggerId(), at, skippedOverlaps);
            } else {
                LOG.debug(line, context.triggerId(), at, skippedOverlaps);
            }
            return;
        }
        handedOver++;
        String key = context.triggerId() + "@" + DevRigClock.format(at);
        try {
            context.fireAsync(key, payload(at, firstMissed)).whenComplete((result, failure) -> {
                if (failure != null) {
                    context.reportError("cron fire " + DevRigClock.format(at) + " was not recorded: "
                            + failure.getMessage());
                }
            });
        } catch (RuntimeException e) {
            context.reportError("cron fire " + DevRigClock.format(at) + " was not recorded: " + e.getMessage());
        }
    }

    private Map<String, Object> payload(Instant at, Instant firstMissed) {
        CronSchedule s = config.schedule();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("scheduledAt", DevRigClock.format(at));
        p.put("localTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(s.zone())));
        p.put("timezone", s.zone().getId());
        p.put("expression", s.expression());
        p.put("missed", firstMissed != null);
        if (firstMissed != null) {
            p.put("firstMissedAt", DevRigClock.format(firstMissed));
        }
        return p;
    }
}
