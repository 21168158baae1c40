package io.devrig.trigger.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.devrig.trigger}. */
@ObjectClassDefinition(name = "DevRig trigger manager", description = "How long fires are kept.")
public @interface TriggerConfig {

    @AttributeDefinition(name = "Event retention (days)", description = "Recorded fires (trigger_events) older than "
            + "this are deleted hourly; at least 30 (the longest deduplication window). 0 keeps them.")
    int eventRetentionDays() default 90;
}
