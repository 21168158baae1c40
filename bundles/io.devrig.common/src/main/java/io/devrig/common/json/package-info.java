/**
 * The one JSON toolkit of DevRig: the strict mapper every bundle reads and writes JSON
 * with ({@link io.devrig.common.json.Json}), the conversion between JSON-shaped Java values
 * and Jackson trees that never calls a method of a foreign object
 * ({@link io.devrig.common.json.JsonTrees}), JSON equality and ordering
 * ({@link io.devrig.common.json.JsonValues}) and the text of a place in a JSON value in
 * error messages ({@link io.devrig.common.json.JsonPathText}).
 */
@Version("1.1.0")
package io.devrig.common.json;

import org.osgi.annotation.versioning.Version;
