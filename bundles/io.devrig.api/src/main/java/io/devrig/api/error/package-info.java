/**
 * The error taxonomy (seed architecture §15.1): every failure DevRig reports
 * carries a machine-readable code, a category that decides whether a retry can
 * help, and a message that is safe to show (never a secret value).
 */
@Version("1.0.0")
package io.devrig.api.error;

import org.osgi.annotation.versioning.Version;
