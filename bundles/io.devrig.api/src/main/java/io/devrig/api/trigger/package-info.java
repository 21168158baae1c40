/**
 * Triggers (seed architecture §6): what starts a workflow run besides a person.
 *
 * <p>A trigger type (cron, webhook, filesystem, polling, event, or one a plugin adds) is a
 * {@link io.devrig.api.trigger.TriggerType} service, a factory whiteboard modelled on
 * openHAB's {@code ModuleHandlerFactory}: the trigger manager asks it for one
 * {@link io.devrig.api.trigger.TriggerHandler} per published workflow version whose
 * definition names the type, and gives the handler back when that version is replaced,
 * unpublished or paused, or when the type's bundle goes away. A handler fires through
 * its {@link io.devrig.api.trigger.TriggerContext}; the manager records each
 * {@link io.devrig.api.trigger.TriggerEvent} in {@code trigger_events}, drops duplicates
 * by their deduplication key (§6.3) and starts a run of the latest published version with
 * the event's payload as {@code trigger.payload}.
 *
 * <p>Configurations and payloads are JSON-compatible Java values so that this package does
 * not depend on Jackson. The trigger manager is {@code io.devrig.trigger}.
 */
@Version("1.1.0")
package io.devrig.api.trigger;

import org.osgi.annotation.versioning.Version;
