/**
 * Time. Components take a {@link io.devrig.api.time.DevRigClock} instead of
 * calling {@code Instant.now()}, so tests can drive time; timestamps are
 * written as UTC ISO-8601 with millisecond precision.
 */
@Version("1.0.0")
package io.devrig.api.time;

import org.osgi.annotation.versioning.Version;
