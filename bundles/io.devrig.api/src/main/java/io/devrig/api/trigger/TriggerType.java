package io.devrig.api.trigger;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * One trigger type, published as an OSGi service with the property
 * {@value #TYPE_PROPERTY} (e.g. {@code devrig.trigger.type=cron}). The trigger manager
 * tracks these services dynamically: a workflow version whose trigger names a type that
 * is not (or no longer) there waits, and comes alive when the type's service arrives.
 *
 * <p>Implementations must be thread-safe; {@link #createHandler} and
 * {@link #disposeHandler} are called from the manager's threads, never concurrently for
 * the same handler.
 */
@ConsumerType
public interface TriggerType {

    /** The service property naming the type, as workflow definitions spell it ({@code trigger.type}). */
    String TYPE_PROPERTY = "devrig.trigger.type";

    /**
     * Checks a trigger's configuration before a version is published (so a bad cron
     * expression fails the publish, not the first fire).
     *
     * @param config the definition's trigger fields other than {@code type},
     *        {@value #DEDUPLICATION_WINDOW_FIELD} and {@code inputSchema} (the manager's and the
     *        engine's: a type may refuse every field it does not know)
     * @return problems, each starting with its JSON path ({@code $.trigger.expression: ...});
     *         empty when the configuration is usable
     */
    default List<String> validate(Map<String, Object> config) {
        return List.of();
    }

    /** The configuration field that sets a trigger's deduplication window in seconds (0: no deduplication). */
    String DEDUPLICATION_WINDOW_FIELD = "deduplicationWindowSeconds";

    /**
     * How long a fired deduplication key is remembered when the trigger's configuration does
     * not say ({@value #DEDUPLICATION_WINDOW_FIELD}): 60 seconds (seed §6.3). A type whose
     * senders retry later (webhooks) answers longer.
     */
    default java.time.Duration defaultDeduplicationWindow() {
        return java.time.Duration.ofSeconds(60);
    }

    /**
     * Creates the handler of one trigger (one published workflow version). The handler
     * does not fire before {@link TriggerHandler#start()}.
     *
     * @throws io.devrig.api.error.DevRigException when the trigger cannot run (its state
     *         becomes {@link TriggerState#ERROR} with the message)
     */
    TriggerHandler createHandler(TriggerContext context);

    /**
     * Gives a handler back: after this call it must not fire again and must hold no
     * resources (threads, sockets, watches). The default stops it.
     */
    default void disposeHandler(TriggerHandler handler) {
        handler.stop();
    }
}
