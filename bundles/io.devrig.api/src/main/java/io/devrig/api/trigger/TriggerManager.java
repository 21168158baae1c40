package io.devrig.api.trigger;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The trigger manager (seed §6.1), for the shell, REST and the web console. Triggers are
 * registered and unregistered by publishing workflow versions, not through this interface;
 * failures are {@link io.devrig.api.error.DevRigException}s ({@code NOT_FOUND} for an
 * unknown id).
 */
@ProviderType
public interface TriggerManager {

    /** Every trigger of every published workflow, by workflow id. */
    List<TriggerStatus> triggers();

    Optional<TriggerStatus> trigger(String id);

    /** Disposes the trigger's handler and keeps it paused across restarts. */
    TriggerStatus pause(String id);

    /** Starts a paused trigger again (or waits for its type). */
    TriggerStatus resume(String id);

    /** The trigger's newest recorded fires, dropped duplicates and refusals included, newest first. */
    List<TriggerEvent> events(String id, int limit);
}
