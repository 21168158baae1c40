package io.devrig.api.sync;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Syncs every data source of every active plugin (seed §4): on its interval (the plugin's
 * default, an admin override, never below 30 s), at most N at once (default 3), with
 * exponential backoff after failures (1 min doubling to 1 h), not in quiet hours, each
 * cycle a job of the durable queue, the cursor persisted after every page.
 */
@ProviderType
public interface SyncScheduler {

    /** Every known data source, by plugin then data source id. */
    List<SyncStatus> status();

    Optional<SyncStatus> status(String pluginId, String dataSourceId);

    /**
     * Starts a cycle now (quiet hours and backoff ignored, the concurrency limit kept).
     *
     * @throws io.devrig.api.error.DevRigException {@code NOT_FOUND} for an unknown source,
     *         {@code CONFLICT} when it is disabled or its plugin is not active
     */
    void syncNow(String pluginId, String dataSourceId);

    /**
     * Changes a source's settings (null fields unchanged) and reschedules it.
     *
     * @throws io.devrig.api.error.DevRigException {@code NOT_FOUND}, or {@code INVALID_INPUT}
     *         for an interval below the minimum, a bad time or zone
     */
    SyncStatus configure(String pluginId, String dataSourceId, SyncSettings settings);
}
