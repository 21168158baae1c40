package io.devrig.api.health;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The aggregated health of the server, published by the health bundle and
 * served over HTTP at {@code /health/live} and {@code /health/ready}.
 */
@ProviderType
public interface HealthReporter {

    /** Runs every registered check (and reports required checks that are missing). */
    HealthReport readiness();
}
