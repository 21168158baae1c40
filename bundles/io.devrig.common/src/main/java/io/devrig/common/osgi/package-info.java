/**
 * OSGi idioms more than one DevRig bundle needs: {@link io.devrig.common.osgi.ServiceOnDemand}
 * (a bound service taken on its first use, so that binding never closes a service cycle).
 */
@Version("1.0.0")
package io.devrig.common.osgi;

import org.osgi.annotation.versioning.Version;
