package io.devrig.api.trigger;

import java.time.Instant;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/** One running trigger, created by its {@link TriggerType} for one workflow version. */
@ConsumerType
public interface TriggerHandler {

    /** Begins firing through the context it was created with (schedules, listens, watches). */
    void start();

    /** Stops firing; may be called more than once. */
    void stop();

    /** When it fires next, for types that know ({@code cron}, {@code polling}); empty otherwise. */
    default Optional<Instant> nextFireAt() {
        return Optional.empty();
    }
}
