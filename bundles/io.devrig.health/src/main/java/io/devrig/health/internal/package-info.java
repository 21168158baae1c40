/**
 * Health: {@link io.devrig.health.internal.HealthRegistry} tracks every
 * {@link io.devrig.api.health.HealthCheck} service (whiteboard) and publishes the
 * aggregate as {@link io.devrig.api.health.HealthReporter};
 * {@link io.devrig.health.internal.DevRigBundlesCheck} reports DevRig bundles that are
 * not active; {@link io.devrig.health.internal.WebEndpointsCheck} reports (and repairs)
 * DevRig servlets the HTTP runtime does not serve; {@link io.devrig.health.internal.HealthServlet} serves
 * {@code /health/live} and {@code /health/ready} through the HTTP whiteboard.
 * Not exported.
 */
package io.devrig.health.internal;
