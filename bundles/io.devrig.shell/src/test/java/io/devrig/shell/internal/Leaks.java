package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.support.CommandException;
import org.apache.karaf.shell.support.ShellUtil;

/** Test helpers around output and the canary value. */
final class Leaks {

    /**
     * A value that must never show up anywhere: CI greps the build's logs for it, so it is
     * only ever assembled at run time (a {@code "a" + "b"} of literals would be folded into
     * one constant in the class file) and never printed, not even by a failing assertion.
     */
    static final String CANARY = String.join("", "DEVRIG", "-CANARY-", "5EC12E7");

    private Leaks() {
    }

    /** Fails without quoting {@code text} or the canary when {@code text} contains it. */
    static void assertNoCanary(String where, String text) {
        assertThat(text != null && text.contains(CANARY)).as("the canary value leaked into %s", where).isFalse();
    }

    /** What the Karaf console shows for {@code e}: Karaf's own ShellUtil against a captured console. */
    static String shownByKaraf(Exception e) {
        FakeSession session = FakeSession.headless();
        ShellUtil.logException(session, e);
        return session.consoleText();
    }

    /** Every text a failure can surface as: nice help, message, and Karaf's console line. */
    static String allTextOf(CommandException e) {
        return e.getNiceHelp() + "\n" + e.getMessage() + "\n" + shownByKaraf(e);
    }

    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        void reset() {
            bytes.reset();
        }
    }
}
