package io.devrig.api.trigger;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the trigger manager gives a handler: which trigger it runs and the one way to fire.
 * Implemented by the manager.
 */
@ProviderType
public interface TriggerContext {

    /** The trigger's id (a row of the {@code triggers} table). */
    String triggerId();

    String workflowId();

    /** The published workflow version the trigger belongs to. */
    int workflowVersion();

    /** The definition's trigger fields other than {@code type} (JSON-compatible values). */
    Map<String, Object> config();

    /**
     * Fires the trigger: the manager records the event, drops it when the same
     * deduplication key fired within the trigger's window, and otherwise starts a run.
     * Safe to call from any thread; never blocks on the run itself.
     *
     * @param deduplicationKey deterministic for the same occurrence (a cron fire time, a
     *        webhook delivery id, a file path and modification time)
     * @param payload the run's {@code trigger.payload} (JSON-compatible values)
     */
    FireResult fire(String deduplicationKey, Object payload);
}
