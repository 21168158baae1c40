package io.devrig.action.file.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of the file actions (and of shell.exec's working directory), PID {@value #PID}. */
@ObjectClassDefinition(name = "DevRig file actions",
        description = "The folders file.read, file.write, file.transform and shell.exec may use.")
public @interface FileConfig {

    String PID = "io.devrig.action.file";

    @AttributeDefinition(name = "Roots",
            description = "Absolute folders file actions may use (with their subfolders); ${user.home} and a leading ~ "
                    + "are expanded. Empty (the default) allows nothing. DevRig's data/ and etc/ are refused even inside a root.")
    String[] roots() default {};

    @AttributeDefinition(name = "Largest read (bytes)", description = "file.read and file.transform refuse larger files.")
    long maxReadBytes() default 10L * 1024 * 1024;

    @AttributeDefinition(name = "Largest write (bytes)", description = "file.write and file.transform refuse larger content.")
    long maxWriteBytes() default 10L * 1024 * 1024;
}
