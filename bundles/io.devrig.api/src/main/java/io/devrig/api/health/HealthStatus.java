package io.devrig.api.health;

/** The state of one check or of the whole server. */
public enum HealthStatus {
    UP,
    DOWN
}
