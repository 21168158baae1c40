/**
 * JSON Schema checks of admin- and user-supplied JSON with problems named by JSON path,
 * for the bundles that validate settings against a plugin's schemas ({@link io.devrig.common.schema.SchemaProblems})
 * and for the readers of document formats that publish their own schema ({@link io.devrig.common.schema.CompiledSchema}).
 */
@Version("1.1.0")
package io.devrig.common.schema;

import org.osgi.annotation.versioning.Version;
