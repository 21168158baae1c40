package io.devrig.api.trigger;

import java.util.Locale;

/** The state of a trigger (seed §6.1, the {@code triggers.state} column). */
public enum TriggerState {
    /** Its handler is running. */
    ACTIVE,
    /** Paused by an admin: its handler is disposed until resumed. */
    PAUSED,
    /** Its handler could not be created or failed; {@code lastError} says why. */
    ERROR,
    /** Its type's service is not there (yet); it starts when the type arrives. */
    WAITING;

    /** The lower-case name stored and shown ({@code "active"}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
