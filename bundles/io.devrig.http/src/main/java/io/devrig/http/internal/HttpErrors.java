package io.devrig.http.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.util.Map;

/** The exceptions outbound HTTP throws, one factory per error code. */
final class HttpErrors {

    private HttpErrors() {
    }

    /** {@code destination <host> refused: <rule>}: permanent, a retry meets the same policy. */
    static DevRigException refused(String destination, String rule) {
        return new DevRigException(DevRigError.of(ErrorCodes.HTTP_DESTINATION_REFUSED, ErrorCategory.PERMANENT,
                "destination " + destination + " refused: " + rule)
                .withDetails(Map.of("destination", destination, "rule", rule)));
    }

    static DevRigException invalid(String message) {
        return new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message);
    }

    static DevRigException timeout(String message, Throwable cause) {
        return new DevRigException(ErrorCodes.HTTP_TIMEOUT, ErrorCategory.TIMEOUT, message, cause);
    }

    static DevRigException tooManyRedirects(int max, String uri) {
        return new DevRigException(DevRigError.of(ErrorCodes.HTTP_TOO_MANY_REDIRECTS, ErrorCategory.PERMANENT,
                "more than " + max + " redirects; the last one pointed to " + uri)
                .withDetails(Map.of("maxRedirects", max)));
    }

    static DevRigException tooLarge(String host, long max) {
        return new DevRigException(DevRigError.of(ErrorCodes.HTTP_RESPONSE_TOO_LARGE, ErrorCategory.PERMANENT,
                "the response from " + host + " is larger than the limit of " + max + " bytes")
                .withDetails(Map.of("maxResponseBytes", max)));
    }

    /** Connection refused or reset, TLS failure, unknown host: transient. */
    static DevRigException transport(String message, Throwable cause) {
        return new DevRigException(ErrorCodes.HTTP_ERROR, ErrorCategory.TRANSIENT, message, cause);
    }

    /** A server answer that can never be followed (a redirect without a usable Location). */
    static DevRigException badResponse(String message) {
        return new DevRigException(ErrorCodes.HTTP_ERROR, ErrorCategory.PERMANENT, message);
    }

    static DevRigException cancelled(String message) {
        return new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, message);
    }
}
