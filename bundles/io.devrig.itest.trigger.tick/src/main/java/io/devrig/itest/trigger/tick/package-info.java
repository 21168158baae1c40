/**
 * The {@code itest.tick} trigger type's controls, for the in-framework tests only: its
 * handlers fire when a test says so ({@link io.devrig.itest.trigger.tick.Ticks#fire}), and
 * every handler created and disposed is recorded.
 */
@Version("1.0.0")
package io.devrig.itest.trigger.tick;

import org.osgi.annotation.versioning.Version;
