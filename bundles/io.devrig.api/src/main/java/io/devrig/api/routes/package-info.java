/**
 * The Camel routes DevRig runs, as plain records: what an admin sees, without Camel's API.
 */
@Version("1.0.0")
package io.devrig.api.routes;

import org.osgi.annotation.versioning.Version;
