/**
 * The sync scheduler (seed architecture §4): it calls every active plugin's
 * {@link io.devrig.api.sync.DataSource} services on their intervals, as jobs of the
 * durable queue, and keeps each source's cursor and state in {@code plugin_sync_state}.
 */
@Version("1.0.0")
package io.devrig.api.sync;

import org.osgi.annotation.versioning.Version;
