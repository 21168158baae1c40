package io.devrig.store.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Settings of the embedded database, PID {@code io.devrig.store} (etc/io.devrig.store.cfg). */
@ObjectClassDefinition(name = "DevRig database",
        description = "The embedded SQLite database. Changing a value reopens the database.")
public @interface StoreConfig {

    @AttributeDefinition(name = "Database file",
            description = "Path of the SQLite file. Empty: devrig.db in the Karaf data folder.")
    String path() default "";

    @AttributeDefinition(name = "Synchronous mode",
            description = "NORMAL (default, durable across application crashes, may lose the last transactions on power loss) "
                    + "or FULL (fsync on every commit).",
            options = {@Option(label = "NORMAL", value = "NORMAL"), @Option(label = "FULL", value = "FULL")})
    String synchronous() default "NORMAL";

    @AttributeDefinition(name = "Reader connections", description = "Read-only connections for parallel reads (1-32).")
    int readerConnections() default 4;

    @AttributeDefinition(name = "WAL checkpoint threshold (MB)",
            description = "When the write-ahead log grows past this size, it is checkpointed and truncated.")
    int walCheckpointThresholdMb() default 100;
}
