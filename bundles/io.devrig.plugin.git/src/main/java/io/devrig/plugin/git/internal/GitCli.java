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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the git CLI with an argument array (never a shell), {@code -C <repo>}, no terminal
 * prompts and a time limit. Output is capped so a huge diff cannot exhaust memory.
 */
public final class GitCli {

    /** Result of one git run. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    static final int MAX_OUTPUT = 1 << 20;

    private final String executable;
    private final Duration timeout;

    public GitCli(String executable, Duration timeout) {
        this.executable = executable;
        this.timeout = timeout;
    }

    public static GitCli defaults() {
        return new GitCli("git", Duration.ofSeconds(30));
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
        if (repo != null) {
            command.add("-C");
            command.add(repo.toString());
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("GIT_TERMINAL_PROMPT", "0");
        pb.environment().put("GIT_OPTIONAL_LOCKS", "0"); // status must not take the index lock
        pb.environment().put("LC_ALL", "C");
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
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new DevRigException(ErrorCodes.TIMEOUT, ErrorCategory.TIMEOUT,
                        "git " + args[0] + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new Result(process.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DevRigException(ErrorCodes.CANCELLED, ErrorCategory.CANCELLED, "git " + args[0] + " interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new DevRigException(ErrorCodes.INTERNAL_ERROR, ErrorCategory.TRANSIENT,
                    "git " + args[0] + " output could not be read", e);
        }
    }

    /** Like {@link #run} but a non-zero exit is an error carrying git's first stderr line. */
    public String runOk(Path repo, String... args) {
        Result r = run(repo, args);
        if (!r.ok()) {
            String first = r.stderr().lines().findFirst().orElse("").trim();
            throw new DevRigException("GIT_FAILED", ErrorCategory.PERMANENT,
                    "git " + args[0] + " failed (exit " + r.exitCode() + "): " + first);
        }
        return r.stdout();
    }

    private static String drain(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] chunk = new byte[8192];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                if (buf.size() < MAX_OUTPUT) {
                    buf.write(chunk, 0, Math.min(n, MAX_OUTPUT - buf.size()));
                }
            }
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
