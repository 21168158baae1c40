/**
 * Health-check SPI. Any bundle publishes {@link io.devrig.api.health.HealthCheck}
 * services; the health bundle aggregates them into liveness and readiness
 * ({@code /health/live}, {@code /health/ready}).
 */
@Version("1.0.0")
package io.devrig.api.health;

import org.osgi.annotation.versioning.Version;
