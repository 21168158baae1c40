/**
 * JSON Schema checks of admin- and user-supplied JSON with problems named by JSON path,
 * for the bundles that validate settings against a plugin's schemas.
 */
@Version("1.0.0")
package io.devrig.common.schema;

import org.osgi.annotation.versioning.Version;
