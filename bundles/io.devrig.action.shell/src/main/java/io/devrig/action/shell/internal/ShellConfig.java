package io.devrig.action.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of shell.exec, PID {@value #PID}. */
@ObjectClassDefinition(name = "DevRig shell action",
        description = "Which executables shell.exec may run, and with what environment and limits.")
public @interface ShellConfig {

    String PID = "io.devrig.action.shell";

    @AttributeDefinition(name = "Allowed executables",
            description = "Absolute paths (/usr/bin/git) or names resolved once against " + AllowList.FIXED_PATH
                    + ". Empty (the default) allows nothing. Never list a shell or a launcher (sh, bash, env, "
                    + "python, sudo, xargs...): through it a workflow could run anything.")
    String[] allowed() default {};

    @AttributeDefinition(name = "Environment",
            description = "Variables the child gets besides PATH: NAME passes DevRig's own value on, NAME=value sets "
                    + "a fixed one. Nothing else of DevRig's environment is passed.")
    String[] environment() default {};

    @AttributeDefinition(name = "Default time limit (ms)", description = "For nodes without timeoutMs.")
    long defaultTimeoutMs() default 60_000;

    @AttributeDefinition(name = "Longest time limit (ms)", description = "The largest timeoutMs a node may ask for.")
    long maxTimeoutMs() default 600_000;

    @AttributeDefinition(name = "Output cap (bytes)",
            description = "stdout and stderr are each kept up to this many bytes (the rest is read and dropped).")
    int maxOutputBytes() default 1024 * 1024;

    @AttributeDefinition(name = "Largest stdin (bytes)")
    int maxStdinBytes() default 1024 * 1024;
}
