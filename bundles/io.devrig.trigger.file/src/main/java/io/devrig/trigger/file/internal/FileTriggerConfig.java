package io.devrig.trigger.file.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration PID {@code io.devrig.trigger.file}. */
@ObjectClassDefinition(name = "DevRig filesystem trigger",
        description = "Which folders filesystem triggers may watch.")
public @interface FileTriggerConfig {

    @AttributeDefinition(name = "Watched roots", description = "Folders a filesystem trigger's paths must lie in "
            + "(absolute; ${user.home} is replaced). DevRig's own data and etc folders are never watched.")
    String[] roots() default {"${user.home}"};
}
