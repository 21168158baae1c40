package io.devrig.shell.internal;

import static io.devrig.shell.internal.Leaks.CANARY;
import static io.devrig.shell.internal.Leaks.assertNoCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class SecretInputTest {

    private static InputStream stdin(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aStreamIsReadToItsEndAsUtf8() throws Exception {
        char[] value = SecretInput.fromStream(stdin("-----BEGIN KEY-----\nabc\n-----END KEY-----\nÿ€\n")).read("p");

        assertThat(new String(value)).isEqualTo("-----BEGIN KEY-----\nabc\n-----END KEY-----\nÿ€\n");
    }

    @Test
    void theStreamIsNotClosed() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        InputStream in = new ByteArrayInputStream("v".getBytes(StandardCharsets.UTF_8)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };

        SecretInput.fromStream(in).read("p");

        assertThat(closed).isFalse();
    }

    @Test
    void aValueAtTheLimitIsReadAndOneBeyondIsRefused() throws Exception {
        assertThat(SecretInput.readAll(new StringReader("x".repeat(1000)), 1000)).hasSize(1000);

        CommandException e = catchThrowableOfType(CommandException.class,
                () -> SecretInput.readAll(new StringReader("x".repeat(1001)), 1000));
        assertThat(e.getNiceHelp()).isEqualTo("Error: value longer than 1000 characters; nothing saved");
        assertThat(SecretInput.MAX_CHARS).isEqualTo(65536);
    }

    @Test
    void aReadFailureIsOneLineThatDoesNotRepeatTheExceptionMessage() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("pipe broken after " + CANARY);
            }
        };

        CommandException e = catchThrowableOfType(CommandException.class, () -> SecretInput.fromStream(broken).read("p"));

        assertThat(e.getNiceHelp()).isEqualTo("Error: could not read the value from standard input");
        assertNoCanary("a read failure", Leaks.allTextOf(e));
    }

    @Test
    void thePromptAsksTheSessionWithEchoOff() throws Exception {
        FakeSession session = FakeSession.console("typed-value");

        char[] value = SecretInput.prompt(session, stdin("unused")).read("Value for a: ");

        assertThat(new String(value)).isEqualTo("typed-value");
        assertThat(session.prompts).containsExactly("Value for a: ");
        assertThat(session.masks).containsExactly('*');
    }

    @Test
    void anInterruptedPromptIsOneLineThatDoesNotRepeatTheExceptionMessage() {
        FakeSession session = FakeSession.interrupted(new IllegalStateException("interrupted while typing " + CANARY));

        CommandException e = catchThrowableOfType(CommandException.class,
                () -> SecretInput.prompt(session, stdin("")).read("p"));

        assertThat(e.getNiceHelp()).isEqualTo("Error: no value entered");
        assertNoCanary("an interrupted prompt", Leaks.allTextOf(e));
    }

    @Test
    void endOfInputAtThePromptIsNoValue() {
        CommandException e = catchThrowableOfType(CommandException.class,
                () -> SecretInput.prompt(FakeSession.console(null), stdin("")).read("p"));

        assertThat(e.getNiceHelp()).isEqualTo("Error: no value entered");
    }

    @Test
    void aSessionThatCannotPromptFallsBackToTheStream() throws Exception {
        // e.g. a headless session handed to prompt() directly
        char[] value = SecretInput.prompt(FakeSession.headless(), stdin("from-pipe")).read("p");

        assertThat(new String(value)).isEqualTo("from-pipe");
    }

    @Test
    void aConsoleWhoseInputIsTheTerminalIsPrompted() throws Exception {
        for (Boolean tty : new Boolean[] {Boolean.TRUE, null}) {
            FakeSession session = FakeSession.console("typed");

            char[] value = SecretInput.choose(session, false, tty, stdin("piped")).read("p");

            assertThat(new String(value)).isEqualTo("typed");
            assertThat(session.masks).containsExactly('*');
        }
    }

    @Test
    void pipedInputIsReadFromTheStreamWithoutPrompting() throws Exception {
        FakeSession session = FakeSession.console("typed");

        char[] value = SecretInput.choose(session, false, Boolean.FALSE, stdin("piped\n")).read("p");

        assertThat(new String(value)).isEqualTo("piped\n");
        assertThat(session.prompts).isEmpty();
    }

    @Test
    void theStdinOptionReadsTheStreamEvenAtAConsole() throws Exception {
        FakeSession session = FakeSession.console("typed");

        char[] value = SecretInput.choose(session, true, Boolean.TRUE, stdin("forced")).read("p");

        assertThat(new String(value)).isEqualTo("forced");
        assertThat(session.prompts).isEmpty();
    }

    @Test
    void aHeadlessSessionReadsTheStream() throws Exception {
        char[] value = SecretInput.choose(FakeSession.headless(), false, Boolean.TRUE, stdin("batch")).read("p");

        assertThat(new String(value)).isEqualTo("batch");
    }
}
