/**
 * Identifiers. Every DevRig row id is a {@link io.devrig.api.id.Ulid}: 128 bits,
 * time-ordered, 26 characters of Crockford base32, sortable as text.
 */
@Version("1.0.0")
package io.devrig.api.id;

import org.osgi.annotation.versioning.Version;
