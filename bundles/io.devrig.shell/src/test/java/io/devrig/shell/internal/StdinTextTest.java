package io.devrig.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;

class StdinTextTest {

    @Test
    void readsToTheEndAsUtf8() throws Exception {
        String text = "{\n  \"name\": \"ÿ€\"\n}\n";

        assertThat(StdinText.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "settings"))
                .isEqualTo(text);
    }

    @Test
    void itsErrorsNameTheTextNotAValue() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("pipe broken");
            }
        };

        assertThat(catchThrowableOfType(CommandException.class, () -> StdinText.read(broken, "settings")).getNiceHelp())
                .isEqualTo("Error: could not read the settings from standard input");
        assertThat(catchThrowableOfType(CommandException.class, () -> StdinText.read(null, "settings")).getNiceHelp())
                .isEqualTo("Error: no standard input to read the settings from");
        byte[] tooLong = "x".repeat(SecretInput.MAX_CHARS + 1).getBytes(StandardCharsets.UTF_8);
        assertThat(catchThrowableOfType(CommandException.class,
                () -> StdinText.read(new ByteArrayInputStream(tooLong), "settings")).getNiceHelp())
                .isEqualTo("Error: settings longer than 65536 characters; nothing saved");
    }
}
