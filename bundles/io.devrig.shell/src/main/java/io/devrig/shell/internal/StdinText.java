package io.devrig.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.support.CommandException;

/**
 * Reads a command's standard input to its end, as {@code secret-set} does
 * ({@link SecretInput#readAll}: UTF-8, at most {@link SecretInput#MAX_CHARS} characters,
 * the stream left open), for text that is not secret, such as plugin settings.
 */
final class StdinText {

    private StdinText() {
    }

    /**
     * @param what names the text in error lines, e.g. {@code settings}
     * @throws CommandException one line: no input, a read failure, or too long
     */
    static String read(InputStream in, String what) throws CommandException {
        if (in == null) {
            throw ErrorLine.of("no standard input to read the " + what + " from");
        }
        try {
            return new String(SecretInput.readAll(new InputStreamReader(in, StandardCharsets.UTF_8),
                    SecretInput.MAX_CHARS, what));
        } catch (IOException e) {
            throw ErrorLine.of("could not read the " + what + " from standard input");
        }
    }
}
