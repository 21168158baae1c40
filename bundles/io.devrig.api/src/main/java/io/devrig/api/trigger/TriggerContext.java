package io.devrig.api.trigger;

import java.util.Map;
import java.util.concurrent.CompletionStage;
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

    /**
     * The definition's trigger fields other than {@code type} and those the manager and the
     * flow engine read ({@value TriggerType#DEDUPLICATION_WINDOW_FIELD}, {@code inputSchema}),
     * JSON-compatible values.
     */
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

    /**
     * {@link #fire} without waiting: the manager commits fires that arrive together (a cron
     * second with thousands of schedules, concurrent webhook deliveries) in one transaction.
     * The stage completes once the event (and its run) is committed, or exceptionally with a
     * {@link io.devrig.api.error.DevRigException} when nothing could be recorded.
     */
    CompletionStage<FireResult> fireAsync(String deduplicationKey, Object payload);

    /**
     * The trigger as stored now: {@code lastFiredAt} (a schedule restarted near its fire time
     * does not fire twice), {@code fireCount} (a {@code maxExecutions} limit), the error counters.
     */
    TriggerStatus status();

    /** Whether a run of the trigger's workflow is pending or running now (a {@code noOverlap} schedule skips). */
    boolean workflowActive();

    /**
     * What the type keeps across restarts for this trigger (a poll's last hash, cursor or
     * timestamp); an empty map when nothing was saved. JSON-compatible values.
     */
    Map<String, Object> state();

    /** Replaces that state, committed before this returns. */
    void saveState(Map<String, Object> state);

    /**
     * Records a failure that fired nothing (a poll that failed, a watch that broke): counted
     * in {@code errorCount} and shown as {@code lastError}. The message must not contain a
     * secret; the manager logs it once per change.
     */
    void reportError(String message);
}
