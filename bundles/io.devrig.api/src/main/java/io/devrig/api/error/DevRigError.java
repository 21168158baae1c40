package io.devrig.api.error;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A failure as DevRig reports it: in run records, job-queue error history, REST
 * error bodies and shell error lines. Immutable.
 *
 * <p>{@code message} and {@code details} are shown to users and stored: they
 * must never contain a secret value, a password or a token.
 *
 * @param code machine-readable, upper snake case, e.g. {@code HTTP_TIMEOUT}
 * @param category what kind of failure
 * @param message human-readable explanation, safe to display
 * @param details structured extra data (JSON-compatible values), never null
 * @param retryable whether retrying may succeed
 * @param nodeId workflow node the error belongs to, or null
 * @param runId workflow run the error belongs to, or null
 * @param timestamp when it happened
 */
public record DevRigError(
        String code,
        ErrorCategory category,
        String message,
        Map<String, Object> details,
        boolean retryable,
        String nodeId,
        String runId,
        Instant timestamp) {

    private static final Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

    public DevRigError {
        Objects.requireNonNull(code, "code");
        if (!CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("error code must be UPPER_SNAKE_CASE: " + code);
        }
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(message, "message");
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
        Objects.requireNonNull(timestamp, "timestamp");
    }

    /** An error whose retryability follows its category's default, stamped now. */
    public static DevRigError of(String code, ErrorCategory category, String message) {
        return new DevRigError(code, category, message, Map.of(), category.retryableByDefault(), null, null,
                Instant.now());
    }

    /** This error with extra details (merged over the existing ones). */
    public DevRigError withDetails(Map<String, ?> more) {
        Map<String, Object> merged = new LinkedHashMap<>(details);
        merged.putAll(more);
        return new DevRigError(code, category, message, merged, retryable, nodeId, runId, timestamp);
    }

    /** This error with an explicit retry decision. */
    public DevRigError withRetryable(boolean value) {
        return new DevRigError(code, category, message, details, value, nodeId, runId, timestamp);
    }

    /** This error attributed to a workflow run and node. */
    public DevRigError withRun(String run, String node) {
        return new DevRigError(code, category, message, details, retryable, node, run, timestamp);
    }

    /** This error stamped with the given time. */
    public DevRigError at(Instant when) {
        return new DevRigError(code, category, message, details, retryable, nodeId, runId, when);
    }

    /** {@code CODE (category): message}, the form used in logs and shell output. */
    public String summary() {
        return code + " (" + category.wireName() + "): " + message;
    }
}
