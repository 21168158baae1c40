package io.devrig.shell.internal;

import static io.devrig.shell.internal.Leaks.CANARY;
import static io.devrig.shell.internal.Leaks.assertNoCanary;
import static io.devrig.shell.internal.CommandTesting.cursorAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.support.CommandException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Karaf actions: annotations Karaf reads, and the wiring of arguments and streams. */
class CommandActionsTest {

    private static final String NL = System.lineSeparator();
    private static final List<Class<? extends Action>> ACTIONS = List.of(SecretSetCommand.class,
            SecretListCommand.class, SecretDeleteCommand.class, SecretRotateKeyCommand.class);

    private final FakeSecretVault vault = new FakeSecretVault();
    private final Leaks.Out out = new Leaks.Out();

    @Test
    void everyCommandIsAKarafServiceInScopeDevrig() {
        List<String> names = new ArrayList<>();
        for (Class<? extends Action> action : ACTIONS) {
            assertThat(action).hasAnnotation(Service.class);
            Command command = action.getAnnotation(Command.class);
            assertThat(command.scope()).isEqualTo("devrig");
            assertThat(command.description()).isNotBlank();
            names.add(command.name());
            assertThat(Arrays.stream(action.getDeclaredFields()).filter(f -> f.isAnnotationPresent(Reference.class))
                    .map(Field::getType)).contains(io.devrig.api.secrets.SecretVault.class);
        }
        assertThat(names).containsExactly("secret-set", "secret-list", "secret-delete", "secret-rotate-key");
    }

    @Test
    void secretSetTakesNoValueOnTheCommandLine() {
        List<String> arguments = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (Field f : SecretSetCommand.class.getDeclaredFields()) {
            if (f.isAnnotationPresent(Argument.class)) {
                arguments.add(f.getAnnotation(Argument.class).name());
            }
            if (f.isAnnotationPresent(Option.class)) {
                options.add(f.getAnnotation(Option.class).name());
            }
        }
        assertThat(arguments).containsExactly("name");
        assertThat(options).containsExactlyInAnyOrder("--category", "--stdin", "--file");
    }

    @Test
    void karafTakesSecretSetOptionsBeforeTheName() throws Exception {
        // Karaf's own parser: options count only before the first argument (README examples)
        SecretSetCommand set = new SecretSetCommand();
        new org.apache.karaf.shell.impl.action.command.DefaultActionPreparator().prepare(set, FakeSession.console(""),
                List.of("-c", "github", "--stdin", "github/token"));

        assertThat(List.<Object>of(set.category, set.stdin, set.name)).containsExactly("github", true, "github/token");
        CommandException late = catchThrowableOfType(CommandException.class,
                () -> new org.apache.karaf.shell.impl.action.command.DefaultActionPreparator().prepare(
                        new SecretSetCommand(), FakeSession.console(""), List.of("github/token", "-c", "github")));
        assertThat(late.getNiceHelp()).contains("too many arguments");
    }

    @Test
    void secretSetAtAConsolePromptsWithEchoOff() throws Exception {
        FakeSession session = FakeSession.console("ghp_typed");
        SecretSetCommand set = set(session, "github/token", "github", "must not be read");

        set.execute();

        assertThat(session.prompts).containsExactly("Value for github/token: ");
        assertThat(session.masks).containsExactly('*');
        assertThat(new String(vault.stored("github/token"))).isEqualTo("ghp_typed");
        assertThat(out.text()).isEqualTo("Secret github/token saved (category github)." + NL);
    }

    @Test
    void secretSetInAHeadlessSessionReadsStandardInput() throws Exception {
        SecretSetCommand set = set(FakeSession.headless(), "ci/token", null, "from-ssh\n");

        set.execute();

        assertThat(new String(vault.stored("ci/token"))).isEqualTo("from-ssh");
        assertThat(out.text()).isEqualTo("Secret ci/token saved (category general)." + NL);
    }

    @Test
    void secretSetWithTheStdinOptionReadsStandardInput() throws Exception {
        FakeSession session = FakeSession.console("typed");
        SecretSetCommand set = set(session, "x", null, "piped");
        set.stdin = true;

        set.execute();

        assertThat(session.prompts).isEmpty();
        assertThat(new String(vault.stored("x"))).isEqualTo("piped");
    }

    @Test
    void secretSetFromAFileStoresItsContentWithoutOneTrailingNewlineAndPromptsForNothing(@TempDir Path dir)
            throws Exception {
        Path token = Files.writeString(dir.resolve("token.txt"), CANARY + "\n");
        FakeSession session = FakeSession.console("typed");
        SecretSetCommand set = set(session, "ci/token", "ci", "piped");
        set.file = token.toString();

        set.execute();

        assertThat(session.prompts).isEmpty();
        assertThat(new String(vault.stored("ci/token"))).isEqualTo(CANARY);
        assertThat(out.text()).isEqualTo("Secret ci/token saved (category ci)." + NL);
        assertNoCanary("the output of secret-set --file", out.text());
    }

    @Test
    void secretSetFromAFileKeepsAMultiLineValueAndItsInnerNewlines(@TempDir Path dir) throws Exception {
        Path pem = Files.writeString(dir.resolve("deploy.pem"), "-----BEGIN KEY-----\r\nabc\r\n-----END KEY-----\r\n");
        SecretSetCommand set = set(FakeSession.headless(), "deploy/key", null, "");
        set.file = pem.toString();

        set.execute();

        assertThat(new String(vault.stored("deploy/key"))).isEqualTo("-----BEGIN KEY-----\r\nabc\r\n-----END KEY-----");
    }

    @Test
    void secretSetFromAFileRefusesWhatIsNotAUsableFileInOneLineNamingThePath(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        Path newlineOnly = Files.writeString(dir.resolve("newline"), "\n");
        Path big = Files.write(dir.resolve("big"), new byte[(int) SecretInput.MAX_FILE_BYTES + 1]);
        Path manyChars = Files.writeString(dir.resolve("many"), "x".repeat(SecretInput.MAX_CHARS + 1));
        Path latin1 = Files.write(dir.resolve("latin1"), new byte[] {'a', (byte) 0xE9, 'b'});
        Path missing = dir.resolve("missing.txt");

        assertThat(refusal(missing.toString())).isEqualTo("Error: no file " + missing + "; nothing saved");
        assertThat(refusal(dir.toString())).isEqualTo("Error: " + dir + " is a directory, not a file; nothing saved");
        assertThat(refusal(empty.toString())).isEqualTo("Error: " + empty + " is empty; nothing saved");
        assertThat(refusal(newlineOnly.toString())).isEqualTo("Error: empty value; secret x not saved");
        assertThat(refusal(big.toString())).isEqualTo("Error: " + big + " is larger than 262144 bytes; nothing saved");
        assertThat(refusal(manyChars.toString())).isEqualTo("Error: value longer than 65536 characters; nothing saved");
        assertThat(refusal(latin1.toString())).isEqualTo("Error: " + latin1 + " is not UTF-8 text; nothing saved");
        assertThat(refusal("/dev/null")).isEqualTo("Error: /dev/null is not a regular file; nothing saved");
        assertThat(vault.list()).isEmpty();
    }

    @Test
    void aFileThatHoldsTheValueIsNeverQuotedInAnError(@TempDir Path dir) throws Exception {
        // not UTF-8, so it is refused after being read: the message must still not show it
        byte[] canary = CANARY.getBytes(StandardCharsets.UTF_8);
        byte[] content = java.util.Arrays.copyOf(canary, canary.length + 1);
        content[canary.length] = (byte) 0xFF;
        Path bad = Files.write(dir.resolve("bad"), content);

        SecretSetCommand set = set(FakeSession.headless(), "x", null, "");
        set.file = bad.toString();
        CommandException e = catchThrowableOfType(CommandException.class, set::execute);

        assertNoCanary("a refused file's error", Leaks.allTextOf(e));
        assertNoCanary("the output", out.text());
    }

    @Test
    void secretSetRefusesFileTogetherWithStdin(@TempDir Path dir) throws Exception {
        SecretSetCommand set = set(FakeSession.headless(), "x", null, "piped");
        set.file = Files.writeString(dir.resolve("v"), "v").toString();
        set.stdin = true;

        CommandException e = catchThrowableOfType(CommandException.class, set::execute);

        assertThat(e.getNiceHelp()).isEqualTo("Error: --file and --stdin exclude each other; nothing saved");
        assertThat(vault.list()).isEmpty();
    }

    @Test
    void aRelativeFileIsTakenFromTheBaseFolderAndTildeFromTheHome() throws Exception {
        assertThat(SecretSetCommand.resolve("secrets/t.txt", "/opt/devrig")).isEqualTo(Path.of("/opt/devrig/secrets/t.txt"));
        assertThat(SecretSetCommand.resolve("/abs/../t.txt", "/opt/devrig")).isEqualTo(Path.of("/t.txt"));
        assertThat(SecretSetCommand.resolve("~/t.txt", "/opt/devrig"))
                .isEqualTo(Path.of(System.getProperty("user.home"), "t.txt"));
        assertThat(catchThrowableOfType(CommandException.class, () -> SecretSetCommand.resolve(" ", "/x")).getNiceHelp())
                .isEqualTo("Error: --file needs a path; nothing saved");
    }

    @Test
    void karafParsesTheFileOption() throws Exception {
        SecretSetCommand set = new SecretSetCommand();
        new org.apache.karaf.shell.impl.action.command.DefaultActionPreparator().prepare(set, FakeSession.console(""),
                List.of("--file", "/tmp/token.txt", "-c", "ci", "ci/token"));

        assertThat(List.<Object>of(set.file, set.category, set.name)).containsExactly("/tmp/token.txt", "ci", "ci/token");
    }

    private String refusal(String file) {
        SecretSetCommand set = set(FakeSession.headless(), "x", null, "must not be read");
        set.file = file;
        CommandException e = catchThrowableOfType(CommandException.class, set::execute);
        assertThat(e).as("refused: " + file).isNotNull();
        assertThat(out.text()).isEmpty();
        return e.getNiceHelp();
    }

    @Test
    void outsideAGogoPipeStdinIsUnknown() {
        assertThat(SecretSetCommand.stdinIsTty()).isNull();
    }

    @Test
    void theActionsPrintOnlyWhatTheyShould() throws Exception {
        set(FakeSession.console(CANARY), "canary", null, "").execute();
        set(FakeSession.headless(), "canary2", "c", CANARY + "\n").execute();
        SecretListCommand list = new SecretListCommand();
        list.vault = vault;
        list.out = out.stream;
        list.execute();
        SecretRotateKeyCommand rotate = new SecretRotateKeyCommand();
        rotate.vault = vault;
        rotate.out = out.stream;
        rotate.execute();
        SecretDeleteCommand delete = new SecretDeleteCommand();
        delete.vault = vault;
        delete.out = out.stream;
        delete.name = "canary";
        delete.execute();

        assertThat(out.text()).startsWith("Secret canary saved (category general)." + NL
                + "Secret canary2 saved (category c)." + NL);
        assertThat(out.text()).endsWith("Key rotated; 2 secrets re-encrypted." + NL + "Secret canary deleted." + NL);
        assertNoCanary("the commands' output", out.text());

        CommandException e = catchThrowableOfType(CommandException.class, delete::execute);
        assertThat(Leaks.shownByKaraf(e)).isEqualTo("Error: no secret named canary" + NL);
    }

    @Test
    void theCompleterOffersSecretNames() throws Exception {
        vault.put("github/token", null, "v".toCharArray());
        vault.put("gitlab/token", null, "v".toCharArray());
        vault.put("npm", null, "v".toCharArray());
        SecretNameCompleter completer = new SecretNameCompleter();
        completer.vault = vault;
        List<String> candidates = new ArrayList<>();

        completer.complete(FakeSession.console(""), cursorAt("devrig:secret-delete", "git"), candidates);

        // Karaf's StringsCompleter ends a complete word with a space
        assertThat(candidates).extracting(String::strip).containsExactlyInAnyOrder("github/token", "gitlab/token");
    }

    @Test
    void theCompleterOffersNothingWhenTheVaultFails() {
        vault.failWith(new io.devrig.api.error.DevRigException(io.devrig.api.error.ErrorCodes.SECRET_KEY_UNAVAILABLE,
                io.devrig.api.error.ErrorCategory.PERMANENT, "no key"));
        SecretNameCompleter completer = new SecretNameCompleter();
        completer.vault = vault;
        List<String> candidates = new ArrayList<>();

        assertThat(completer.complete(FakeSession.console(""), cursorAt("devrig:secret-delete", "g"), candidates)).isEqualTo(-1);
        assertThat(candidates).isEmpty();
    }

    private SecretSetCommand set(FakeSession session, String name, String category, String stdin) {
        SecretSetCommand set = new SecretSetCommand();
        set.vault = vault;
        set.session = session;
        set.name = name;
        set.category = category;
        set.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        set.out = out.stream;
        return set;
    }
}
