/**
 * The embedded database as a service. {@link io.devrig.api.store.Database}
 * hands out work units, never connections: reads run on a pool of read-only
 * connections in parallel, writes run one at a time in a transaction that is
 * committed when the work returns and rolled back when it throws. SQL values
 * are always bound as parameters.
 */
@Version("1.1.0")
package io.devrig.api.store;

import org.osgi.annotation.versioning.Version;
