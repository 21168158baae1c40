package io.devrig.action.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Runs one process: an argument array (no shell ever), exactly the environment given, a
 * working directory, optional stdin, stdout and stderr each kept up to a cap (the rest is
 * read and dropped, so the child never blocks on a full pipe), and a time limit after which
 * the process and every descendant it still has are killed.
 */
final class ProcessRunner {

    /** How often a running process is checked for cancellation. */
    private static final long POLL_MS = 50;
    /** How long the output readers may go on after the process ended (a grandchild may hold the pipe). */
    private static final long DRAIN_MS = 2_000;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** How it ended. {@code timedOut} and {@code cancelled} mean it was killed and {@code exitCode} is meaningless. */
    record Result(int exitCode, byte[] stdout, byte[] stderr, boolean stdoutTruncated, boolean stderrTruncated,
            long durationMs, boolean timedOut, boolean cancelled) {
    }

    private ProcessRunner() {
    }

    /**
     * @param cancelled polled while the process runs; true kills it
     * @throws IOException when the process cannot be started
     */
    static Result run(List<String> command, Map<String, String> environment, Path cwd, byte[] stdin, long timeoutMs,
            int maxOutputBytes, BooleanSupplier cancelled) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (stdin == null) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        long start = System.nanoTime();
        Process process = builder.start();
        Capture out = new Capture(process.getInputStream(), maxOutputBytes, "out");
        Capture err = new Capture(process.getErrorStream(), maxOutputBytes, "err");
        Thread feeder = stdin == null ? null : daemon(() -> feed(process.getOutputStream(), stdin), "in");
        boolean timedOut = false;
        boolean stopped = false;
        try {
            long deadline = start + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!process.waitFor(Math.min(POLL_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                    TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - deadline >= 0) {
                    timedOut = true;
                    break;
                }
                if (cancelled.getAsBoolean()) {
                    stopped = true;
                    break;
                }
            }
        } catch (InterruptedException e) {
            // the node's time limit or a cancellation: kill, and keep the interrupt for the caller
            Thread.currentThread().interrupt();
            stopped = true;
        }
        if (timedOut || stopped) {
            killTree(process);
        }
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        out.finish();
        err.finish();
        if (feeder != null) {
            feeder.interrupt();
        }
        int exit = timedOut || stopped ? -1 : process.exitValue();
        return new Result(exit, out.bytes(), err.bytes(), out.truncated, err.truncated, durationMs, timedOut, stopped);
    }

    /**
     * Kills the process and its descendants. They are listed before the parent dies: after
     * that they are re-parented and no longer its descendants. A process that left the tree
     * on purpose (a daemon that double-forked) is not found.
     */
    static void killTree(Process process) {
        List<ProcessHandle> tree = new ArrayList<>();
        process.descendants().forEach(tree::add);
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(DRAIN_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void feed(OutputStream in, byte[] bytes) {
        try (in) {
            in.write(bytes);
        } catch (IOException e) {
            // the child closed its stdin early (it did not want it all): not an error of ours
        }
    }

    private static Thread daemon(Runnable task, String stream) {
        Thread t = new Thread(task, "devrig-shell-" + stream + "-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Reads one output stream on its own thread, keeping the first {@code max} bytes. */
    private static final class Capture {

        private final InputStream in;
        private final int max;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final Thread thread;
        volatile boolean truncated;

        Capture(InputStream in, int max, String name) {
            this.in = in;
            this.max = max;
            this.thread = daemon(this::drain, name);
        }

        private void drain() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    synchronized (kept) {
                        int room = max - kept.size();
                        if (n > room) {
                            truncated = true;
                        }
                        if (room > 0) {
                            kept.write(chunk, 0, Math.min(n, room));
                        }
                    }
                }
            } catch (IOException e) {
                // closed by finish(): what was read so far is kept
            }
        }

        /** Waits for the end of the stream, briefly: a surviving grandchild may keep the pipe open. */
        void finish() {
            try {
                thread.join(DRAIN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                try {
                    in.close();
                } catch (IOException e) {
                    // nothing more to read anyway
                }
            }
        }

        byte[] bytes() {
            synchronized (kept) {
                return kept.toByteArray();
            }
        }
    }
}
