package io.devrig.api.sync;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin's data source (seed §2.5): fetches what is new since a cursor and stores it in
 * the inbox through the plugin's own {@link io.devrig.api.plugin.sdk.PluginInbox} (an
 * upsert by external id, so a sync repeated after a crash duplicates nothing).
 *
 * <p>Published as a service with the one property {@code devrig.capability=dataSource:<id>},
 * {@code <id>} a data source of the plugin's descriptor (which also gives its name and
 * default interval). It reads the plugin's settings through
 * {@link io.devrig.api.plugin.sdk.PluginSettings} (or {@link SyncRequest#config()}, the same
 * object). Called by the sync
 * scheduler through the plugin invoker (time limit, circuit breaker); a call should end
 * promptly when its thread is interrupted.
 */
@ConsumerType
public interface DataSource {

    /**
     * Former second service property naming the data source id; still read when
     * {@code devrig.capability} is missing, for one release.
     *
     * @deprecated publish {@code devrig.capability=dataSource:<id>} only
     */
    @Deprecated
    String ID_PROPERTY = "devrig.datasource.id";

    /**
     * One page of a sync.
     *
     * @return the cursor to store and whether more pages are due in this cycle
     * @throws io.devrig.api.error.DevRigException with a transient category (network,
     *         rate limit: details {@code retryAfterMs} honoured) for the scheduler to back
     *         off from, a permanent one for a misconfiguration
     */
    SyncResult sync(SyncRequest request) throws Exception;
}
