package io.devrig.store.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Validated database settings (from {@link StoreConfig} or tests).
 *
 * @param path the database file
 * @param fullSync synchronous=FULL instead of NORMAL
 * @param readerConnections size of the read-only pool
 * @param walCheckpointThresholdBytes WAL size past which a write checkpoints and truncates it
 */
public record StoreSettings(Path path, boolean fullSync, int readerConnections, long walCheckpointThresholdBytes) {

    public static final int BUSY_TIMEOUT_MS = 5000;
    public static final int CACHE_SIZE_KIB = 20000;
    public static final int WAL_AUTOCHECKPOINT_PAGES = 1000;
    public static final long MMAP_SIZE_BYTES = 268_435_456L;

    public StoreSettings {
        Objects.requireNonNull(path, "path");
        if (readerConnections < 1 || readerConnections > 32) {
            throw new IllegalArgumentException("readerConnections must be between 1 and 32, got " + readerConnections);
        }
        if (walCheckpointThresholdBytes < 1) {
            throw new IllegalArgumentException("walCheckpointThreshold must be positive");
        }
    }

    /** Defaults of the seed architecture §10.2 for a file. */
    public static StoreSettings defaults(Path path) {
        return new StoreSettings(path, false, 4, 100L * 1024 * 1024);
    }

    /** Reads the Config Admin settings; {@code defaultPath} is used when no path is configured. */
    public static StoreSettings from(StoreConfig config, Path defaultPath) {
        String sync = config.synchronous() == null ? "NORMAL" : config.synchronous().trim().toUpperCase(Locale.ROOT);
        if (!sync.equals("NORMAL") && !sync.equals("FULL")) {
            throw new IllegalArgumentException("synchronous must be NORMAL or FULL, got '" + config.synchronous() + "'");
        }
        if (config.walCheckpointThresholdMb() < 1) {
            throw new IllegalArgumentException("walCheckpointThresholdMb must be at least 1");
        }
        String configured = config.path() == null ? "" : config.path().trim();
        Path path = configured.isEmpty() ? defaultPath : Path.of(configured);
        return new StoreSettings(path.toAbsolutePath().normalize(), sync.equals("FULL"), config.readerConnections(),
                config.walCheckpointThresholdMb() * 1024L * 1024L);
    }

    public StoreSettings withWalCheckpointThreshold(long bytes) {
        return new StoreSettings(path, fullSync, readerConnections, bytes);
    }

    public StoreSettings withFullSync(boolean value) {
        return new StoreSettings(path, value, readerConnections, walCheckpointThresholdBytes);
    }
}
