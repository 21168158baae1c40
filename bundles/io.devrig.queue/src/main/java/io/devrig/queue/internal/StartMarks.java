package io.devrig.queue.internal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which claimed jobs a process actually started, kept without a database write: the pool
 * adds one line ({@code <job id> <holder>}) per handler start to a file of its own, mapped
 * into memory (a store into the page cache: no system call, no fsync). The line is in the
 * page cache when the handler runs, so it survives the death of the process (kill -9,
 * {@code halt}, an OOM kill), and the next process of the server reads it when it releases
 * the dead process's claims
 * ({@link SqliteJobQueue#releaseAbandoned}): a claim without a line never started (a batch
 * claimed but not run), so it goes back without costing an attempt or counting as a crash.
 *
 * <p>The limit: a power loss (or a kernel crash) may lose lines the page cache held. Each
 * file starts with the kernel's boot id, and marks written in another boot are not trusted:
 * every claim of such a process counts as started, as it did before marks existed. The same
 * holds when the file is missing or unreadable, or when the boot id is unknown (no
 * {@code /proc}): then nothing is written and every release counts.
 *
 * <p>Files: {@code <process>~<pool instance>~<generation>.started} in the queue's data folder,
 * {@link #ROTATE_BYTES} each (sparse until used). A writer reserves its bytes with one atomic
 * add and copies its line in; every line starts and ends with a newline, so a line cut short
 * by the death of the process (its handler had not started) or a reserved range never written
 * (zeros) cannot run into the next line. When a file is full, the next generation starts
 * with the jobs still in flight, then the older one is deleted, so the files stay small under
 * any load. A pool that stops with nothing in flight deletes its file; the files of an
 * earlier process are deleted once none of its claims is left ({@link #forget}).
 */
final class StartMarks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StartMarks.class);

    static final String SUFFIX = ".started";
    /** Size of each file; a full one is replaced by the next (about 14,000 starts). */
    static final long ROTATE_BYTES = 1 << 20;
    private static final String BOOT = "boot ";
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final Path dir;
    private final String process;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    /** This boot of the machine; null: unknown, nothing is marked and no mark is trusted. */
    private final String bootId;
    /** Jobs started by this pool whose outcome is not committed yet: job id to holder. */
    private final Map<String, String> inFlight = new ConcurrentHashMap<>();
    /** Marks of earlier processes, read once each (their files do not change any more). */
    private final Map<String, Optional<Set<String>>> earlier = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** The file marks go to now (null before the first start). */
    private volatile Region current;
    private volatile boolean broken;
    /** Guarded by {@link #lock}. */
    private int generation;

    /** One mapped file and the next free byte in it. */
    private record Region(Path file, MappedByteBuffer buffer, AtomicInteger next) {
    }

    /** Marks of {@code process} in {@code dir}, for this boot of the machine. */
    StartMarks(Path dir, String process) {
        this(dir, process, currentBootId());
    }

    StartMarks(Path dir, String process, String bootId) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.process = name(Objects.requireNonNull(process, "process"));
        this.bootId = bootId == null || bootId.isBlank() ? null : bootId.trim();
        if (this.bootId == null) {
            LOG.info("The boot id of this machine is unknown: claimed jobs left by a dead process all count as started");
        }
    }

    /** The kernel's boot id, or null where there is none. */
    static String currentBootId() {
        try {
            return Files.readString(BOOT_ID, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // ---- this process ----

    /**
     * Records that the job, claimed under {@code holder}, starts now: one line copied into the
     * mapped file. Called before its handler runs.
     */
    void started(String jobId, String holder) {
        if (bootId == null || broken) {
            return;
        }
        // in flight first: a rotation from here on carries the job into the next file
        inFlight.put(jobId, holder);
        byte[] line = ("\n" + jobId + " " + holder + "\n").getBytes(StandardCharsets.UTF_8);
        while (!broken) {
            Region r = current;
            if (r != null) {
                int at = r.next().getAndAdd(line.length);
                if (at + line.length <= r.buffer().capacity()) {
                    r.buffer().put(at, line); // disjoint ranges: no lock needed
                    return;
                }
            }
            rotate(r);
        }
    }

    /** The job's outcome (or its loss) is committed: it need not be carried into the next file. */
    void finished(String jobId, String holder) {
        inFlight.remove(jobId, holder);
    }

    /** Jobs started and not finished (tests). */
    int inFlightCount() {
        return inFlight.size();
    }

    /** A new file with the jobs in flight replaces {@code full} (unless another thread did), then {@code full} goes. */
    private void rotate(Region full) {
        synchronized (lock) {
            if (broken || current != full) {
                return;
            }
            Path file = dir.resolve(process + "~" + instance + "~" + generation++ + SUFFIX);
            try {
                Files.createDirectories(dir);
                MappedByteBuffer buffer;
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)) {
                    buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, ROTATE_BYTES); // stays mapped after close
                }
                StringBuilder text = new StringBuilder(BOOT).append(bootId).append('\n');
                inFlight.forEach((job, holder) -> text.append('\n').append(job).append(' ').append(holder).append('\n'));
                byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
                if (head.length > ROTATE_BYTES / 2) {
                    throw new IOException(inFlight.size() + " jobs in flight do not fit a file of " + ROTATE_BYTES + " bytes");
                }
                buffer.put(0, head);
                current = new Region(file, buffer, new AtomicInteger(head.length));
                if (full != null) {
                    Files.deleteIfExists(full.file());
                }
            } catch (IOException | RuntimeException e) {
                fail(e, file);
            }
        }
    }

    /**
     * A mark could not be written: a file missing a start must not say "never started", so
     * this pool's files go (its claims then count as started, as without marks) and no more
     * marks are written. Called holding the lock.
     */
    private void fail(Exception e, Path file) {
        broken = true;
        LOG.warn("Cannot record job starts in {} ({}); claimed jobs this process leaves at a crash will all count "
                + "as started", dir, e.toString());
        for (Path f : new Path[] {file, current == null ? null : current.file()}) {
            try {
                if (f != null) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException | RuntimeException deleting) {
                LOG.error("Could not delete {} after a failed write; a crash of this process may count a started job "
                        + "as not started", f, deleting);
            }
        }
    }

    /**
     * Stops marking; deletes this pool's file when no job is in flight (a clean stop leaves
     * nothing to release). The mapping goes when the buffer is collected.
     */
    @Override
    public void close() {
        synchronized (lock) {
            broken = true;
            Region r = current;
            if (r != null && inFlight.isEmpty()) {
                try {
                    Files.deleteIfExists(r.file());
                } catch (IOException e) {
                    LOG.warn("Could not delete {}: {}", r.file(), e.toString());
                }
            }
        }
    }

    // ---- earlier processes ----

    /**
     * Whether the job claimed under {@code holder} by the earlier process {@code process}
     * started: {@code TRUE} or {@code FALSE} when that process's marks are trusted, empty
     * when they are not (no file, another boot, unreadable): then it must count as started.
     */
    Optional<Boolean> started(String process, String jobId, String holder) {
        String key = name(process);
        if (bootId == null || key.equals(this.process)) {
            return Optional.empty();
        }
        return earlier.computeIfAbsent(key, this::read).map(marks -> marks.contains(jobId + " " + holder));
    }

    /** The marks of every file of {@code process}, or empty when any of them is not of this boot. */
    private Optional<Set<String>> read(String process) {
        Set<String> marks = new HashSet<>();
        boolean any = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, process + "~*" + SUFFIX)) {
            for (Path f : files) {
                any = true;
                String[] lines = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).split("\n");
                if (!lines[0].equals(BOOT + bootId)) {
                    LOG.info("Job starts in {} are from another boot of the machine (a power loss may have lost "
                            + "some); every claim of process {} counts as started", f, process);
                    return Optional.empty();
                }
                for (int i = 1; i < lines.length; i++) {
                    // zeros: bytes reserved but never written, or the unused end of the file
                    String mark = lines[i].replace("\u0000", "");
                    if (!mark.isEmpty()) {
                        marks.add(mark);
                    }
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot read the job starts of process {} in {} ({}); its claims count as started", process, dir,
                    e.toString());
            return Optional.empty();
        }
        return any ? Optional.of(marks) : Optional.empty();
    }

    /** The earlier processes that left marks here (names as in the files). */
    Set<String> earlierProcesses() {
        Set<String> out = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                int cut = n.indexOf('~');
                if (cut > 0 && !n.substring(0, cut).equals(process)) {
                    out.add(n.substring(0, cut));
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return out;
        } catch (IOException | RuntimeException e) {
            LOG.debug("Cannot list {}: {}", dir, e.toString());
        }
        return out;
    }

    /** Deletes the marks of an earlier process none of whose claims is left. */
    void forget(String process) {
        String key = name(process);
        if (key.equals(this.process)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, key + "~*" + SUFFIX)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing left
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not delete the job starts of process {} in {}: {}", process, dir, e.toString());
        }
        earlier.remove(key);
    }

    /** A process id as it appears in file names (they stay plain). */
    static String name(String process) {
        return process.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
