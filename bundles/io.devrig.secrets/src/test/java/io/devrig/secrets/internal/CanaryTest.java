package io.devrig.secrets.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.secrets.SecretValue;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs a canary value through everything the vault does and checks it shows up nowhere:
 * not in exceptions, listings, toString, the database, the key file or the log. CI greps
 * every log and report of the build for the canary too. The value is only ever compared
 * with booleans, so not even a failing assertion prints it.
 */
class CanaryTest {

    // built by concatenation so that the whole string never appears in the source
    static final String CANARY = "DEVRIG" + "-CANARY-" + "5EC12E7";

    @TempDir
    Path dir;
    VaultFixture f;
    PrintStream realOut;
    PrintStream realErr;
    final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        // slf4j-simple looks System.err up on every line: everything logged in this test lands in `captured`
        realOut = System.out;
        realErr = System.err;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        f = new VaultFixture(dir);
    }

    @AfterEach
    void tearDown() {
        f.close();
        System.setOut(realOut);
        System.setErr(realErr);
        // replay what was logged, with the canary blotted out should it ever be there
        realErr.print(captured.toString(StandardCharsets.UTF_8).replace(CANARY, "<canary removed>"));
    }

    static boolean leaks(String text) {
        return text != null && text.contains(CANARY);
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    @Test
    void theCanaryNeverLeaves() throws Exception {
        Vault vault = f.vault();
        vault.put("canary", "test", CANARY.toCharArray());
        vault.put("other", "test", "other-value".toCharArray());

        try (SecretValue value = vault.get("canary").orElseThrow()) {
            assertThat(value.reveal().equals(CANARY)).as("the canary reads back").isTrue();
            assertThat(leaks(value.toString())).isFalse();
        }
        String listed = vault.list().toString();
        assertThat(leaks(listed)).as("list() does not show the value").isFalse();
        assertThat(listed).contains("canary", "******** (21 characters)");
        assertThat(leaks(vault.health().toString())).isFalse();

        assertThat(vault.rotateKey()).isEqualTo(2);
        try (SecretValue value = vault.get("canary").orElseThrow()) {
            assertThat(value.reveal().equals(CANARY)).as("the canary survives rotation").isTrue();
        }

        // nowhere at rest, in any encoding
        String rows = f.snapshot().toString();
        assertThat(leaks(rows)).isFalse();
        assertThat(rows.contains(Base64.getEncoder().encodeToString(CANARY.getBytes(StandardCharsets.UTF_8)))).isFalse();
        assertThat(leaks(Files.readString(f.keyFile))).isFalse();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                assertThat(leaks(new String(content, StandardCharsets.ISO_8859_1))).as("%s", file.getFileName()).isFalse();
            }
        }

        // tamper with it: the error names the secret, never its value
        String ciphertext = f.column("canary", "encrypted_value");
        byte[] bytes = Base64.getDecoder().decode(ciphertext);
        bytes[3] ^= 0x10;
        f.setColumn("canary", "encrypted_value", Base64.getEncoder().encodeToString(bytes));
        DevRigException e = catchThrowableOfType(DevRigException.class, () -> vault.get("canary"));
        assertThat(e.code()).isEqualTo(ErrorCodes.SECRET_UNREADABLE);
        assertThat(e.error().message()).contains("'canary'");
        assertThat(leaks(e.getMessage())).isFalse();
        assertThat(leaks(e.toString())).isFalse();
        assertThat(leaks(e.error().toString())).isFalse();
        assertThat(leaks(stackTrace(e))).isFalse();
        // the listing shows the damage (and logs a warning) without the value
        String damaged = vault.list().toString();
        assertThat(leaks(damaged)).isFalse();
        assertThat(damaged).contains("******** (unreadable)");
        DevRigException aborted = catchThrowableOfType(DevRigException.class, vault::rotateKey);
        assertThat(leaks(stackTrace(aborted))).isFalse();

        // a canary pasted into the name field is not echoed either
        DevRigException badName = catchThrowableOfType(DevRigException.class,
                () -> vault.put(CANARY + " ", null, "v".toCharArray()));
        assertThat(badName.code()).isEqualTo(ErrorCodes.INVALID_INPUT);
        assertThat(leaks(stackTrace(badName))).isFalse();

        // a canary as the environment key (malformed: not 32 bytes) is not echoed
        Vault envVault = f.vaultWithEnvironment(CANARY);
        assertThat(leaks(envVault.health().message())).isFalse();
        DevRigException keyError = catchThrowableOfType(DevRigException.class, envVault::list);
        assertThat(leaks(stackTrace(keyError))).isFalse();

        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).as("the log was captured").contains("could not be decrypted");
        assertThat(leaks(log)).as("the log does not contain the canary").isFalse();
    }
}
