package io.devrig.action.file.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.util.Map;

/**
 * The file actions' own error codes. Messages name the path and what is wrong, never a byte
 * of the file: content may be secret (a parse error gives line and column only).
 */
final class FileErrors {

    /** The file (or the folder it should go in) does not exist (permanent). */
    static final String NOT_FOUND = "FILE_NOT_FOUND";
    /** The path is a folder or another non-regular file (permanent). */
    static final String NOT_A_FILE = "FILE_NOT_REGULAR";
    /** {@code create} on an existing file with other content (permanent). */
    static final String EXISTS = "FILE_EXISTS";
    /** Larger than the limit (permanent). */
    static final String TOO_LARGE = "FILE_TOO_LARGE";
    /** Not valid text in the encoding, or not valid JSON/CSV/XML (permanent). */
    static final String UNREADABLE = "FILE_CONTENT_INVALID";
    /** An XML document with a DOCTYPE (permanent). */
    static final String XML_DTD = "FILE_XML_DTD_REFUSED";
    /** The operating system refused (permanent) or failed (transient: a full disk or a lock may pass). */
    static final String IO = "FILE_IO_ERROR";

    private FileErrors() {
    }

    static DevRigException of(String code, String message) {
        return of(code, ErrorCategory.PERMANENT, message);
    }

    static DevRigException of(String code, ErrorCategory category, String message) {
        return new DevRigException(DevRigError.of(code, category, message));
    }

    static DevRigException of(String code, String message, Map<String, ?> details) {
        return new DevRigException(DevRigError.of(code, ErrorCategory.PERMANENT, message).withDetails(details));
    }

    /** An I/O failure on a path: the exception's type only (its message may quote other paths). */
    static DevRigException io(String what, Object path, Exception e) {
        // a permission problem does not go away by retrying; a full disk or a lock may
        ErrorCategory category = e instanceof java.nio.file.AccessDeniedException ? ErrorCategory.PERMANENT
                : ErrorCategory.TRANSIENT;
        return new DevRigException(DevRigError.of(IO, category,
                "cannot " + what + " '" + path + "': " + e.getClass().getSimpleName()), e);
    }
}
