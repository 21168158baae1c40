/**
 * The web console DevRig ships: {@link io.devrig.webconsole.internal.ConsoleActivator}
 * registers {@link io.devrig.webconsole.internal.ConsoleGuard} (the cross-origin check,
 * {@link io.devrig.webconsole.internal.SameOrigin}, in front of Karaf's JAAS sign-in) and
 * then starts Karaf's repackaged Felix Web Console, unpacked into this bundle with DevRig's
 * own Services page script. Not exported.
 */
package io.devrig.webconsole.internal;
