package io.devrig.action.data.internal;

import io.devrig.api.action.ActionContext;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors of the data actions. Messages start with the JSON path of the offending input
 * and name types, never values: the data may hold secrets.
 */
final class DataErrors {

    /** A data.transform result is larger than {@link TransformAction#MAX_RESULT_BYTES} of JSON (permanent). */
    static final String DATA_RESULT_TOO_LARGE = "DATA_RESULT_TOO_LARGE";

    /** Detail: the JSON path of the offending input (string). */
    static final String PATH = "path";

    private DataErrors() {
    }

    /** {@code INVALID_INPUT} (permanent): {@code <path>: <message>}, with the path in the details. */
    static DevRigException invalid(String path, String message) {
        return new DevRigException(new DevRigError(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT,
                path + ": " + message, Map.of(PATH, path), false, null, null, Instant.now()));
    }

    /**
     * Another component's error (template engine, condition engine) re-reported at an input
     * path: code, category and retryability are kept, so a timeout stays retryable.
     */
    static DevRigException at(String path, String prefix, DevRigException cause, Map<String, Object> extra) {
        DevRigError e = cause.error();
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        details.putAll(extra);
        details.put(PATH, path);
        return new DevRigException(new DevRigError(e.code(), e.category(), path + ": " + prefix + e.message(),
                details, e.retryable(), null, null, Instant.now()), cause);
    }

    /** Stops a long loop once the run is cancelled or the thread interrupted (time limit). */
    static void checkCancelled(ActionContext context) {
        if (Thread.currentThread().isInterrupted() || context != null && context.cancelled()) {
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "cancelled");
        }
    }
}
