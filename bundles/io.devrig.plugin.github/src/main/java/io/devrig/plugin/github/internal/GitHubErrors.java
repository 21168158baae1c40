package io.devrig.plugin.github.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.util.Map;

/** The plugin's error codes and the few factories every class uses. */
final class GitHubErrors {

    private GitHubErrors() {
    }

    /** No token in the vault (permanent). */
    static final String TOKEN_MISSING = "GITHUB_TOKEN_MISSING";
    /** 401: the token was rejected (permanent). */
    static final String UNAUTHORIZED = "GITHUB_UNAUTHORIZED";
    /** 403 that is not a rate limit: missing scope or access (permanent). */
    static final String FORBIDDEN = "GITHUB_FORBIDDEN";
    /** 404 / 410 (permanent). */
    static final String NOT_FOUND = "GITHUB_NOT_FOUND";
    /** 422: GitHub refused the request's content (permanent). */
    static final String VALIDATION_FAILED = "GITHUB_VALIDATION_FAILED";
    /** Any other 4xx (permanent). */
    static final String REQUEST_FAILED = "GITHUB_REQUEST_FAILED";
    /** 5xx (transient). */
    static final String UNAVAILABLE = "GITHUB_UNAVAILABLE";
    /** A body that is not the JSON GitHub documents, or a Link to another host (transient). */
    static final String BAD_RESPONSE = "GITHUB_BAD_RESPONSE";
    /** Merge: 405, the pull request cannot be merged (permanent). */
    static final String NOT_MERGEABLE = "GITHUB_NOT_MERGEABLE";
    /** Merge: 409, the head moved past the expected sha (permanent). */
    static final String HEAD_CHANGED = "GITHUB_HEAD_CHANGED";

    static DevRigException invalid(String message) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message);
    }

    static DevRigException permanent(String code, String message, Map<String, ?> details) {
        return new DevRigException(DevRigError.of(code, ErrorCategory.PERMANENT, message).withDetails(details));
    }

    static DevRigException transientError(String code, String message, Map<String, ?> details) {
        return new DevRigException(DevRigError.of(code, ErrorCategory.TRANSIENT, message).withDetails(details));
    }
}
