package io.devrig.plugin.git.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the git CLI with an argument array (never a shell), {@code -C <repo>}, no terminal
 * prompts and a time limit. Output is capped so a huge diff cannot exhaust memory.
 *
 * <p>The environment is DevRig's, not the Karaf process's: every inherited {@code GIT_*}
 * variable is dropped (a stray {@code GIT_DIR}, {@code GIT_INDEX_FILE}, {@code GIT_CONFIG_*}
 * or {@code GIT_COMMITTER_DATE} would redirect or falsify what we run) except the transport
 * ones a fetch may need ({@link #KEPT_ENV}). A repository's hooks never run
 * ({@code core.hooksPath=/dev/null}): DevRig runs git unattended, and a hook is a program
 * from the scanned folder.
 */
public final class GitCli {

    /** Result of one git run; {@code stdoutTruncated} when git wrote more than {@link #MAX_OUTPUT} bytes. */
    public record Result(int exitCode, String stdout, String stderr, boolean stdoutTruncated) {
        public Result(int exitCode, String stdout, String stderr) {
            this(exitCode, stdout, stderr, false);
        }

        public boolean ok() {
            return exitCode == 0;
        }
    }

    static final int MAX_OUTPUT = 1 << 20;

    /** Inherited {@code GIT_*} variables kept: how a fetch reaches its remote, nothing else. */
    static final Set<String> KEPT_ENV = Set.of("GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS", "GIT_SSL_CAINFO",
            "GIT_SSL_CAPATH", "GIT_PROXY_COMMAND");

    private final String executable;
    private final Duration timeout;

    public GitCli(String executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    public static GitCli defaults() {
        return new GitCli("git", Duration.ofSeconds(30));
    }

    public Duration timeout() {
        return timeout;
    }

    public GitCli withTimeout(Duration value) {
        return new GitCli(executable, value);
    }

    /** Runs {@code git -C repo args...}; a missing git or a timeout is a DevRigException. */
    public Result run(Path repo, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable);
        // never let a repository's config start pagers or editors
        command.add("--no-pager");
        // a repository's own config must not make a status run arbitrary programs
        command.add("-c");
        command.add("core.fsmonitor=false");
        // nor run its hooks (pre-commit, post-commit, reference-transaction, post-index-change...)
        command.add("-c");
        command.add("core.hooksPath=/dev/null");
        if (repo != null) {
            command.add("-C");
            command.add(repo.toString());
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        control(pb.environment());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new DevRigException("GIT_UNAVAILABLE", ErrorCategory.PERMANENT,
                    "git executable '" + executable + "' could not be started: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close(); // git must never wait for input
        } catch (IOException e) {
            // already closed: nothing to do
        }
        CompletableFuture<Drained> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<Drained> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new DevRigException(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT,
                        "git " + args[0] + " did not finish within " + timeout.toMillis() + " ms");
            }
            Drained stdout = out.get(5, TimeUnit.SECONDS);
            return new Result(process.exitValue(), stdout.text(), err.get(5, TimeUnit.SECONDS).text(), stdout.truncated());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "git " + args[0] + " interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.TRANSIENT,
                    "git " + args[0] + " output could not be read", e);
        }
    }

    /** Turns the inherited environment into the one every git run gets. */
    static void control(Map<String, String> env) {
        env.keySet().removeIf(name -> name.startsWith("GIT_") && !KEPT_ENV.contains(name));
        env.put("GIT_TERMINAL_PROMPT", "0");
        // a path given to an action is a path, never a glob or :(magic) pathspec
        env.put("GIT_LITERAL_PATHSPECS", "1");
        env.put("GIT_OPTIONAL_LOCKS", "0"); // status and diff must not take (or refresh) the index
        env.put("LC_ALL", "C");
    }

    /** Like {@link #run} but a non-zero exit is an error carrying git's first stderr line. */
    public String runOk(Path repo, String... args) {
        return checked(run(repo, args), args[0]).stdout();
    }

    /** {@code r} itself when git exited with 0, otherwise GIT_FAILED with git's first stderr line. */
    static Result checked(Result r, String command) {
        if (!r.ok()) {
            String first = r.stderr().lines().findFirst().orElse("").trim();
            throw new DevRigException("GIT_FAILED", ErrorCategory.PERMANENT,
                    "git " + command + " failed (exit " + r.exitCode() + "): " + first);
        }
        return r;
    }

    private record Drained(String text, boolean truncated) {
    }

    private static Drained drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            boolean truncated = false;
            int n;
            // read to the end even past the cap, so git never blocks on a full pipe
            while ((n = in.read(chunk)) >= 0) {
                int room = MAX_OUTPUT - buf.size();
                truncated |= n > room;
                buf.write(chunk, 0, Math.min(n, room));
            }
            return new Drained(buf.toString(StandardCharsets.UTF_8), truncated);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
