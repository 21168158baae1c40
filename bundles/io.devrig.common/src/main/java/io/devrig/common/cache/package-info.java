/**
 * A bounded least-recently-used cache shared by the bundles that compile things once
 * and reuse them.
 */
@Version("1.0.0")
package io.devrig.common.cache;

import org.osgi.annotation.versioning.Version;
