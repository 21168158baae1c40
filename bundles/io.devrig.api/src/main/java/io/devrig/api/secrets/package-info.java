/**
 * The secret vault: named secrets (API tokens, passwords) encrypted at rest with
 * AES-256-GCM under a key kept outside the database. Values leave the vault only as
 * {@link io.devrig.api.secrets.SecretValue}, whose {@code toString} never shows them;
 * listings carry names, categories and a masked summary only.
 */
@Version("1.0.0")
package io.devrig.api.secrets;

import org.osgi.annotation.versioning.Version;
