package io.devrig.api.health;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A readiness check, published as an OSGi service by the bundle that owns what
 * is checked (whiteboard pattern). The server is ready when every registered
 * check, and every check named as required in the health configuration, is UP.
 *
 * <p>{@link #check()} is called on every readiness request: keep it cheap (no
 * network calls), never block for long, and never put secrets in the result. A
 * check that throws or takes longer than the health bundle's time limit counts
 * as DOWN.
 */
@ConsumerType
public interface HealthCheck {

    /** Stable, lower-case name shown in the report, e.g. {@code database}. */
    String name();

    /** The current state. */
    HealthResult check();
}
