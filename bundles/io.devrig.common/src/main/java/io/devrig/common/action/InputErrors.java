package io.devrig.common.action;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.util.Map;

/**
 * The one error of an action input that does not fit: {@code INVALID_INPUT} (permanent)
 * with the JSON path in the message and in {@code details.path}. Actions re-check their
 * resolved input after the registry's schema check, so that a direct call fails the same
 * way instead of with a ClassCastException. The message names types, never values (an
 * input may carry a secret).
 */
public final class InputErrors {

    private InputErrors() {
    }

    /** {@code INVALID_INPUT: <path>: <message>}, with {@code details.path}. */
    public static DevRigException atPath(String path, String message) {
        return new DevRigException(DevRigError.of(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                path + ": " + message).withDetails(Map.of("path", path)));
    }
}
