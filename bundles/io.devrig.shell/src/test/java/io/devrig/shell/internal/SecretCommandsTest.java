package io.devrig.shell.internal;

import static io.devrig.shell.internal.Leaks.CANARY;
import static io.devrig.shell.internal.Leaks.assertNoCanary;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretCommandsTest {

    private static final String NL = System.lineSeparator();

    private final FakeSecretVault vault = new FakeSecretVault();
    private final Leaks.Out out = new Leaks.Out();
    private final SecretCommands commands = new SecretCommands(vault, out.stream);

    private static SecretInput typed(String value) {
        return prompt -> value.toCharArray();
    }

    @Test
    void setStoresWhatTheInputSuppliesAndPrintsOnlyTheName() throws Exception {
        List<String> prompts = new ArrayList<>();
        commands.set("github/token", null, prompt -> {
            prompts.add(prompt);
            return "ghp_abc123\n".toCharArray();
        });

        assertThat(prompts).containsExactly("Value for github/token: ");
        assertThat(new String(vault.stored("github/token"))).isEqualTo("ghp_abc123");
        assertThat(vault.categoryOf("github/token")).isEqualTo("general");
        assertThat(out.text()).isEqualTo("Secret github/token saved (category general)." + NL);
        assertThat(out.text()).doesNotContain("ghp_abc123");
    }

    @Test
    void setPassesTheCategory() throws Exception {
        commands.set("ci.deploy", "ci", typed("pw"));

        assertThat(vault.categoryOf("ci.deploy")).isEqualTo("ci");
        assertThat(out.text()).isEqualTo("Secret ci.deploy saved (category ci)." + NL);
    }

    @Test
    void setWipesTheCharactersItRead() throws Exception {
        char[] given = "wipe-me".toCharArray();
        commands.set("a", null, prompt -> given);

        assertThat(given).containsOnly('\0');
        assertThat(new String(vault.stored("a"))).isEqualTo("wipe-me");
    }

    @Test
    void onlyOneTrailingNewlineIsTrimmed() {
        assertThat(SecretCommands.withoutTrailingNewline("v\n".toCharArray())).containsExactly('v');
        assertThat(SecretCommands.withoutTrailingNewline("v\r\n".toCharArray())).containsExactly('v');
        assertThat(SecretCommands.withoutTrailingNewline("v\n\n".toCharArray())).containsExactly('v', '\n');
        assertThat(SecretCommands.withoutTrailingNewline("a\nb".toCharArray())).containsExactly('a', '\n', 'b');
        assertThat(SecretCommands.withoutTrailingNewline(" v ".toCharArray())).containsExactly(' ', 'v', ' ');
        assertThat(SecretCommands.withoutTrailingNewline(new char[0])).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\n", "\r\n"})
    void anEmptyValueIsRefusedWithOneLine(String value) {
        CommandException e = catchThrowableOfType(CommandException.class, () -> commands.set("x", null, typed(value)));

        assertThat(e.getNiceHelp()).isEqualTo("Error: empty value; secret x not saved");
        assertThat(vault.stored("x")).isNull();
        assertThat(out.text()).isEmpty();
    }

    @Test
    void listShowsATableSortedByNameWithMaskedValues() throws Exception {
        vault.at(Instant.parse("2025-03-04T05:06:07.890Z")).put("zeta", "ci", "123".toCharArray());
        vault.at(Instant.parse("2025-01-02T03:04:05Z")).put("alpha/one", null, "abcdefgh".toCharArray());

        commands.list();

        String[] lines = out.text().split("\\R");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).containsSubsequence("NAME", "CATEGORY", "VALUE", "UPDATED");
        assertThat(lines[1]).matches("[-─+┼]+");
        assertThat(lines[2]).containsSubsequence("alpha/one", "general", "******** (8 characters)", "2025-01-02 03:04:05Z");
        assertThat(lines[3]).containsSubsequence("zeta", "ci", "******** (3 characters)", "2025-03-04 05:06:07Z");
        assertThat(out.text()).doesNotContain("abcdefgh");
    }

    @Test
    void anEmptyVaultListsAsNoSecrets() throws Exception {
        commands.list();

        assertThat(out.text()).isEqualTo("No secrets." + NL);
    }

    @Test
    void deletePrintsWhatWasDeleted() throws Exception {
        vault.put("old", null, "v".toCharArray());

        commands.delete("old");

        assertThat(vault.stored("old")).isNull();
        assertThat(out.text()).isEqualTo("Secret old deleted." + NL);
    }

    @Test
    void deletingAMissingNameIsAnErrorLine() {
        CommandException e = catchThrowableOfType(CommandException.class, () -> commands.delete("nope"));

        assertThat(e.getNiceHelp()).isEqualTo("Error: no secret named nope");
        assertThat(Leaks.shownByKaraf(e)).isEqualTo("Error: no secret named nope" + NL);
        assertThat(out.text()).isEmpty();
    }

    @Test
    void rotatePrintsTheCount() throws Exception {
        vault.put("a", null, "1".toCharArray());
        vault.put("b", null, "2".toCharArray());
        vault.put("c", null, "3".toCharArray());

        commands.rotateKey();

        assertThat(vault.rotations).isEqualTo(1);
        assertThat(out.text()).isEqualTo("Key rotated; 3 secrets re-encrypted." + NL);
    }

    @Test
    void rotatingAnEmptyVaultSaysZero() throws Exception {
        commands.rotateKey();

        assertThat(out.text()).isEqualTo("Key rotated; 0 secrets re-encrypted." + NL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"set", "list", "delete", "rotate"})
    void aVaultFailureIsOneErrorLineWithoutStackTrace(String command) {
        vault.failWith(new DevRigException(ErrorCodes.SECRET_KEY_UNAVAILABLE, ErrorCategory.PERMANENT,
                "the vault key file is missing"));

        CommandException e = catchThrowableOfType(CommandException.class, () -> run(command, typed("v")));

        assertThat(e.getNiceHelp()).isEqualTo("Error: the vault key file is missing");
        assertThat(e.getCause()).isNull();
        String shown = Leaks.shownByKaraf(e);
        assertThat(shown).isEqualTo("Error: the vault key file is missing" + NL);
        assertThat(shown).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(out.text()).isEmpty();
    }

    @Test
    void aMultiLineVaultMessageStillMakesOneLine() {
        vault.failWith(new DevRigException(ErrorCodes.SECRET_UNREADABLE, ErrorCategory.PERMANENT,
                "secret 'a' cannot be decrypted\nit was tampered with or encrypted under another key"));

        assertThatThrownBy(commands::list).isInstanceOfSatisfying(CommandException.class, e ->
                assertThat(e.getNiceHelp()).isEqualTo("Error: secret 'a' cannot be decrypted"
                        + " it was tampered with or encrypted under another key"));
    }

    @Test
    void theCanaryValueAppearsInNoOutputOfAnyCommand() throws Exception {
        List<String> texts = new ArrayList<>();

        commands.set("canary", "test", typed(CANARY + "\n"));
        assertThat(Arrays.equals(vault.stored("canary"), CANARY.toCharArray())).as("the canary was stored").isTrue();
        commands.set("canary2", null, prompt -> (CANARY + "\r\n").toCharArray());
        commands.list();
        commands.rotateKey();
        commands.delete("canary2");
        texts.add(out.text());

        // the failure paths, each after having read the value
        texts.add(Leaks.allTextOf(catchThrowableOfType(CommandException.class, () -> commands.delete("canary2"))));
        vault.failWith(new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "bad name"));
        for (String command : List.of("set", "list", "delete", "rotate")) {
            texts.add(Leaks.allTextOf(catchThrowableOfType(CommandException.class,
                    () -> run(command, typed(CANARY)))));
        }

        for (String text : texts) {
            assertNoCanary("command output", text);
        }
    }

    private void run(String command, SecretInput input) throws CommandException {
        switch (command) {
            case "set" -> commands.set("name", null, input);
            case "list" -> commands.list();
            case "delete" -> commands.delete("name");
            case "rotate" -> commands.rotateKey();
            default -> throw new IllegalArgumentException(command);
        }
    }

    @Test
    void everySecretCommandSaysSoWhenTheVaultIsNotRunning() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        SecretCommands commands = new SecretCommands(null, new java.io.PrintStream(bytes));
        for (org.junit.jupiter.api.function.Executable call : java.util.List.<org.junit.jupiter.api.function.Executable>of(
                commands::list, () -> commands.delete("x"), commands::rotateKey)) {
            org.apache.karaf.shell.support.CommandException e =
                    org.junit.jupiter.api.Assertions.assertThrows(org.apache.karaf.shell.support.CommandException.class, call);
            org.assertj.core.api.Assertions.assertThat(e.getNiceHelp()).isEqualTo("Error: the secret vault is not running");
        }
    }
}
