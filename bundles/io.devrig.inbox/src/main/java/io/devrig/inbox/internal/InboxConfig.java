package io.devrig.inbox.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@code io.devrig.inbox}. */
@ObjectClassDefinition(name = "DevRig inbox", description = "The unified inbox")
public @interface InboxConfig {

    @AttributeDefinition(name = "Snooze sweep (seconds)", min = "1",
            description = "How often snoozed items whose time has come are brought back, besides the exact wake-up")
    int snoozeSweepSeconds() default 5;

    @AttributeDefinition(name = "Action time limit (seconds)", min = "1",
            description = "The longest an inbox action may run")
    int actionTimeoutSeconds() default 60;
}
