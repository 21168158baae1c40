package io.devrig.api.error;

import java.util.Objects;

/**
 * An unchecked exception carrying a {@link DevRigError}. Its message is the
 * error's {@link DevRigError#summary()}, safe to log and to show.
 */
public class DevRigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient DevRigError error;

    public DevRigException(DevRigError error) {
        this(error, null);
    }

    public DevRigException(DevRigError error, Throwable cause) {
        super(Objects.requireNonNull(error, "error").summary(), cause);
        this.error = error;
    }

    public DevRigException(String code, ErrorCategory category, String message) {
        this(DevRigError.of(code, category, message));
    }

    public DevRigException(String code, ErrorCategory category, String message, Throwable cause) {
        this(DevRigError.of(code, category, message), cause);
    }

    /** The error this exception reports. */
    public DevRigError error() {
        return error;
    }

    /** Shortcut for {@code error().code()}. */
    public String code() {
        return error.code();
    }

    /** Shortcut for {@code error().category()}. */
    public ErrorCategory category() {
        return error.category();
    }

    /** Shortcut for {@code error().retryable()}. */
    public boolean retryable() {
        return error.retryable();
    }
}
