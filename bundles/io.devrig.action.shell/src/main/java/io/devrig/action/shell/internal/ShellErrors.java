package io.devrig.action.shell.internal;

import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.util.Map;

/** The errors of shell.exec. */
final class ShellErrors {

    /** The executable is not on the allow-list (permanent). */
    static final String COMMAND_REFUSED = "SHELL_COMMAND_REFUSED";
    /** The process exited with a code not in allowExitCodes (permanent); details: exitCode, durationMs, stderrTail. */
    static final String EXIT_CODE = "SHELL_EXIT_CODE";
    /** The process could not be started (transient: e.g. too many processes). */
    static final String START_FAILED = "SHELL_START_FAILED";
    /** The working directory is not an existing folder (permanent). */
    static final String CWD_INVALID = "SHELL_CWD_INVALID";

    private ShellErrors() {
    }

    static DevRigException of(String code, ErrorCategory category, String message, Map<String, ?> details) {
        return new DevRigException(DevRigError.of(code, category, message).withDetails(details));
    }

    static DevRigException refused(String message) {
        return of(COMMAND_REFUSED, ErrorCategory.PERMANENT, message, Map.of());
    }
}
