package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import org.apache.karaf.shell.support.CommandException;

/**
 * Turns a failure into the single line the shell shows: {@code Error: <message>}.
 *
 * <p>Karaf's {@code ShellUtil.logException} prints a thrown {@link CommandException} as
 * its {@link CommandException#getNiceHelp() nice help} alone and logs it at DEBUG only;
 * any other exception is logged at ERROR with its stack trace in karaf.log. Throwing
 * (rather than printing and returning) also makes {@code ssh ... devrig:...} and
 * {@code bin/client} exit with status 1. The help text is the whole line, so no
 * "Error executing command:" prefix and no colour codes are added.
 */
final class ErrorLine {

    static final String PREFIX = "Error: ";

    private ErrorLine() {
    }

    /** A failure whose message is safe to show (never a secret value). */
    static CommandException of(String message) {
        // no cause: the line is all there is, even with print-stack-traces turned on
        return new CommandException(PREFIX + oneLine(message), oneLine(message));
    }

    /** A vault failure: its message, which the API promises never holds a value. */
    static CommandException of(DevRigException e) {
        // error() is transient: null only after deserialization
        return of(e.error() != null ? e.error().message() : e.getMessage());
    }

    // a message spanning lines would break the one-line convention (and scripts that read it);
    // other control characters (an ANSI escape in a plugin's error) must not reach the terminal
    private static String oneLine(String message) {
        return message == null ? "unknown failure"
                : message.replaceAll("\\s*\\p{Cc}[\\p{Cc}\\s]*", " ").strip();
    }
}
