package io.devrig.action.shell.internal;

import static io.devrig.action.shell.internal.ShellFixture.in;
import static io.devrig.testing.DevRigAssertions.devrigError;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.action.file.roots.RootRule;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** shell.exec running real programs of this machine. */
class ExecActionTest {

    @TempDir
    Path tmp;
    ShellFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ShellFixture(tmp);
    }

    @Test
    void argumentsReachTheProgramAsTyped() throws Exception {
        Map<String, Object> out = f.run("command", List.of("/bin/echo", "a;b", "$(id)", "*", "|", "`x`", "&&", "$HOME"));
        assertThat(out.get("stdout")).isEqualTo("a;b $(id) * | `x` && $HOME\n");
        assertThat(out).containsEntry("exitCode", 0).containsEntry("stderr", "")
                .containsEntry("truncated", Map.of("stdout", false, "stderr", false));
        assertThat((Long) out.get("durationMs")).isNotNegative();
    }

    @Test
    void onlyExactlyAllowListedExecutablesRun() throws Exception {
        Path marker = f.root.resolve("ran");
        for (String argv0 : List.of("sh", "/bin/sh", "bash", "/bin/../bin/sh", "/bin/../bin/echo", "./echo", "echo",
                "bin/echo", "/bin//echo", "/bin/./echo", "/usr/bin/echo", "ECHO", "cat ", "/bin/echo/", "../cat",
                "/usr/bin/../bin/cat", "touch;sh")) {
            DevRigException e = devrigError(() -> f.run("command", List.of(argv0, "-c", "touch " + marker)));
            assertThat(e.code()).as(argv0).isEqualTo(ShellErrors.COMMAND_REFUSED);
            assertThat(e.category()).isEqualTo(ErrorCategory.PERMANENT);
        }
        assertThat(marker).doesNotExist();
        // the listed name and the path it resolved to both work
        assertThat(f.run("command", List.of("cat"), "stdin", "x").get("stdout")).isEqualTo("x");
        assertThat(f.run("command", List.of("/usr/bin/cat"), "stdin", "y").get("stdout")).isEqualTo("y");
    }

    @Test
    void aShellStringIsNotACommand() {
        DevRigException e = devrigError(() -> f.run("command", "echo hi; rm -rf /"));
        assertThat(e.code()).isEqualTo("INVALID_INPUT");
        assertThat(e.getMessage()).contains("not a string");
        assertThat(devrigError(() -> f.run("command", List.of())).code()).isEqualTo("INVALID_INPUT");
        assertThat(devrigError(() -> f.run("command", List.of("/bin/echo", 1))).code()).isEqualTo("INVALID_INPUT");
        assertThat(devrigError(() -> f.run("command", List.of("/bin/echo"), "shell", true)).code())
                .isEqualTo("INVALID_INPUT");
    }

    @Test
    void anEmptyAllowListRunsNothing() throws Exception {
        ExecAction none = new ExecAction(f.rule, ShellFixture.config(new String[0], new String[0], 1000),
                UnaryOperator.identity());
        DevRigException e = devrigError(() -> none.execute(in("command", List.of("/bin/echo", "x")), f.context));
        assertThat(e.code()).isEqualTo(ShellErrors.COMMAND_REFUSED);
        assertThat(e.getMessage()).contains(ShellConfig.PID).contains("allowed");
        // entries that are not plain absolute paths or names, or not executables, are left out
        ExecAction odd = new ExecAction(f.rule, ShellFixture.config(new String[] {"/bin/../bin/echo", "./cat",
            "no-such-program-xyz", "/etc/passwd", "bin/ls"}, new String[0], 1000), UnaryOperator.identity());
        assertThat(devrigError(() -> odd.execute(in("command", List.of("/bin/../bin/echo")), f.context)).getMessage())
                .contains("runs nothing");
    }

    @Test
    void stdinIsGivenOrEmpty() throws Exception {
        assertThat(f.run("command", List.of("cat"), "stdin", "hello\nwörld\n").get("stdout")).isEqualTo("hello\nwörld\n");
        // without stdin the child reads end-of-file at once instead of waiting
        assertThat(f.run("command", List.of("cat")).get("stdout")).isEqualTo("");
        String big = "z".repeat(300_000);
        assertThat(f.run("command", List.of("cat"), "stdin", big).get("stdout")).isEqualTo(big);
    }

    @Test
    void outputIsCappedAndFlagged() throws Exception {
        Map<String, Object> out = f.run("command", List.of("seq", "1", "200000"), "maxOutputBytes", 1000);
        assertThat((String) out.get("stdout")).hasSize(1000).startsWith("1\n2\n3\n");
        assertThat(out).containsEntry("exitCode", 0).containsEntry("truncated", Map.of("stdout", true, "stderr", false));
        Map<String, Object> err = f.run("command", List.of("ls", f.root + "/missing-a", f.root + "/missing-b"),
                "maxOutputBytes", 10, "allowExitCodes", List.of(2));
        assertThat((String) err.get("stderr")).hasSize(10);
        assertThat(err).containsEntry("exitCode", 2).containsEntry("truncated", Map.of("stdout", false, "stderr", true));
        // the node cannot raise the configured cap
        assertThat(devrigError(() -> f.run("command", List.of("seq", "1"), "maxOutputBytes", 2 << 20)).code())
                .isEqualTo("INVALID_INPUT");
    }

    @Test
    void aNonZeroExitFailsUnlessAllowed() throws Exception {
        DevRigException e = devrigError(() -> f.run("command", List.of("false")));
        assertThat(e.code()).isEqualTo(ShellErrors.EXIT_CODE);
        assertThat(e.error().details()).containsEntry("exitCode", 1);
        DevRigException ls = devrigError(() -> f.run("command", List.of("ls", f.root + "/nope")));
        assertThat((String) ls.error().details().get("stderrTail")).contains("nope");
        assertThat(f.run("command", List.of("false"), "allowExitCodes", List.of(1))).containsEntry("exitCode", 1);
    }

    @Test
    void theWorkingDirectoryIsInsideTheRoots() throws Exception {
        assertThat(f.run("command", List.of("pwd")).get("stdout")).isEqualTo(f.root + "\n");
        Path sub = Files.createDirectories(f.root.resolve("sub"));
        assertThat(f.run("command", List.of("pwd"), "cwd", sub.toString()).get("stdout")).isEqualTo(sub + "\n");
        assertThat(devrigError(() -> f.run("command", List.of("pwd"), "cwd", f.outside.toString())).code())
                .isEqualTo(RootRule.PATH_REFUSED);
        assertThat(devrigError(() -> f.run("command", List.of("pwd"), "cwd", f.root + "/../outside")).code())
                .isEqualTo(RootRule.PATH_REFUSED);
        Files.createSymbolicLink(f.root.resolve("escape"), f.outside);
        assertThat(devrigError(() -> f.run("command", List.of("pwd"), "cwd", f.root + "/escape")).code())
                .isEqualTo(RootRule.PATH_REFUSED);
        assertThat(devrigError(() -> f.run("command", List.of("pwd"), "cwd", f.root + "/missing")).code())
                .isEqualTo(ShellErrors.CWD_INVALID);
        assertThat(devrigError(() -> f.run("command", List.of("pwd"), "cwd", "relative")).code())
                .isEqualTo(RootRule.PATH_REFUSED);
        ExecAction noRoots = new ExecAction(new RootRule(List.of(), List.of(), "configuration io.devrig.action.file"),
                ShellFixture.config(ShellFixture.ALLOWED, new String[0], 1000), UnaryOperator.identity());
        DevRigException e = devrigError(() -> noRoots.execute(in("command", List.of("pwd")), f.context));
        assertThat(e.error().details()).containsEntry("rule", RootRule.RULE_NO_ROOTS);
    }

    @Test
    void aTimeoutKillsTheProcessAndItsChildren() throws Exception {
        DevRigException e = devrigError(() -> f.run("command", List.of("sleep", "30"), "timeoutMs", 300));
        assertThat(e.code()).isEqualTo("TIMEOUT");
        assertThat(e.category()).isEqualTo(ErrorCategory.TIMEOUT);
        // 'timeout' starts 'sleep' as its child: both must be gone. It is a launcher (it runs any
        // program it is given), so it is allow-listed here only, to get a process tree.
        String[] withLauncher = Arrays.copyOf(ShellFixture.ALLOWED, ShellFixture.ALLOWED.length + 1);
        withLauncher[withLauncher.length - 1] = "timeout";
        ExecAction tree = new ExecAction(f.rule, ShellFixture.config(withLauncher, new String[0], 1000), name -> null);
        String marker = "31.4159";
        assertThat(devrigError(() -> tree.execute(in("command", List.of("timeout", "60", "sleep", marker),
                "timeoutMs", 500), f.context)).code()).isEqualTo("TIMEOUT");
        assertThat(waitUntilGone(marker)).as("a process with argument " + marker + " is still alive").isTrue();
    }

    @Test
    void aCancelledRunStopsTheProcess() throws Exception {
        String marker = "29.2718";
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
            try {
                return f.run("command", List.of("sleep", marker));
            } catch (Exception ex) {
                return ex;
            }
        });
        // wait until it runs, then cancel
        for (int i = 0; i < 200 && !alive(marker); i++) {
            Thread.sleep(25);
        }
        assertThat(alive(marker)).isTrue();
        f.context.cancel();
        Object result = call.get(10, TimeUnit.SECONDS);
        assertThat(result).isInstanceOf(DevRigException.class);
        assertThat(((DevRigException) result).code()).isEqualTo("CANCELLED");
        assertThat(waitUntilGone(marker)).isTrue();
    }

    @Test
    void theNodesDeadlineBoundsTheTimeLimit() throws Exception {
        f.context.deadlineIn(Duration.ofMillis(300));
        assertThat(devrigError(() -> f.run("command", List.of("sleep", "20"), "timeoutMs", 60_000)).code())
                .isEqualTo("TIMEOUT");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aDryRunShowsTheCommandAndRunsNothing() throws Exception {
        Path file = f.root.resolve("touched");
        @SuppressWarnings("unchecked")
        Map<String, Object> preview = (Map<String, Object>) f.exec.preview(in("command", List.of("touch", file.toString()),
                "env", Map.of("TOKEN", "s3cr3t-value")), f.context.dryRun(true));
        assertThat(file).doesNotExist();
        assertThat(preview).containsEntry("preview", true).containsEntry("actionType", "shell.exec")
                .containsEntry("command", List.of("/usr/bin/touch", file.toString()))
                .containsEntry("cwd", f.root.toString());
        assertThat((List<String>) preview.get("environment")).contains("TOKEN", "PATH", "LANG");
        assertThat(preview.toString()).doesNotContain("s3cr3t-value");
        assertThat(devrigError(() -> f.exec.preview(in("command", List.of("sh", "-c", "id")), f.context)).code())
                .isEqualTo(ShellErrors.COMMAND_REFUSED);
    }

    static boolean alive(String marker) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive() && p.info().arguments()
                .map(a -> Arrays.asList(a).contains(marker)).orElse(false));
    }

    static boolean waitUntilGone(String marker) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (!alive(marker)) {
                return true;
            }
            Thread.sleep(25);
        }
        return false;
    }
}
