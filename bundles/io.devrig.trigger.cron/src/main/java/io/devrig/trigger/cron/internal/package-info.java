/**
 * The {@code cron} trigger type: {@link io.devrig.trigger.cron.internal.CronTriggerType} (the
 * DS component and the bundle's one scheduler), {@link io.devrig.trigger.cron.internal.CronConfig}
 * (the fields), {@link io.devrig.trigger.cron.internal.CronSchedule} (Quartz's
 * {@code CronExpression} in a time zone, and the 5-field rule),
 * {@link io.devrig.trigger.cron.internal.CronScheduler} (one thread, a queue of fire times) and
 * {@link io.devrig.trigger.cron.internal.CronHandler} (one trigger: missed fires, noOverlap,
 * maxExecutions). Not exported.
 */
package io.devrig.trigger.cron.internal;
