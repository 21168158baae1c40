package io.devrig.trigger.file.internal;

import io.devrig.api.trigger.TriggerContext;
import io.devrig.api.trigger.TriggerHandler;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One filesystem trigger's handler: a JDK {@link WatchService} (inotify on Linux) over every
 * folder under its patterns' roots, to the configured depth, on its own thread. Events are
 * debounced per path: a path fires once after {@code debounceMs} without a further event,
 * with what happened over that quiet-ending burst (added, changed or removed; added and
 * removed again fires nothing).
 */
final class FileWatcher implements TriggerHandler {

    private final TriggerContext context;
    private final WatchSpec spec;
    private final ScheduledExecutorService debouncer;
    private final Map<WatchKey, Path> folders = new ConcurrentHashMap<>();
    /** Per path: the first and last event of its burst and the pending fire. */
    private final Map<Path, Burst> bursts = new HashMap<>();
    private volatile WatchService watch;
    private volatile boolean stopped;
    private Thread thread;

    private static final class Burst {
        final String first;
        String last;
        ScheduledFuture<?> fire;

        Burst(String first) {
            this.first = first;
            this.last = first;
        }
    }

    FileWatcher(TriggerContext context, WatchSpec spec, ScheduledExecutorService debouncer) {
        this.context = context;
        this.spec = spec;
        this.debouncer = debouncer;
    }

    @Override
    public synchronized void start() {
        try {
            watch = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw new IllegalStateException("no file watch service: " + e.getMessage(), e);
        }
        for (WatchSpec.Include include : spec.includes()) {
            if (Files.isDirectory(include.root())) {
                register(include.root(), spec.depth(), false);
            } else {
                context.reportError(include.root() + " is not a folder (yet); " + include.pattern()
                        + " is not watched until the trigger starts again");
            }
        }
        thread = new Thread(this::loop, "devrig-trigger-file-" + context.triggerId());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        stopped = true;
        WatchService w = watch;
        if (w != null) {
            try {
                w.close();
            } catch (IOException ignored) {
                // closing: nothing left to do
            }
        }
        synchronized (bursts) {
            bursts.values().forEach(b -> b.fire.cancel(false));
            bursts.clear();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Watches {@code dir} and the folders up to {@code depth} levels below it (0: dir alone);
     * with {@code announce}, the files found count as added.
     */
    private void register(Path dir, int depth, boolean announce) {
        Set<FileVisitOption> options = spec.followSymlinks() ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
                : EnumSet.noneOf(FileVisitOption.class);
        try {
            // folders down to `depth` levels below dir are watched; the walk goes one level further
            // only to see the files in the deepest of them (a folder there arrives at visitFile)
            Files.walkFileTree(dir, options, depth + 1, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                    if (ignoredFolder(d)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    folders.put(d.register(watch, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE), d);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (announce && attrs.isRegularFile()) {
                        event(file, "add");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone or unreadable: nothing to watch there
                }
            });
        } catch (IOException | ClosedWatchServiceException e) {
            if (!stopped) {
                context.reportError("could not watch " + dir + ": " + e.getMessage());
            }
        }
    }

    /** A folder an ignore pattern covers ({@code **}{@code /node_modules/**} covers everything in it). */
    private boolean ignoredFolder(Path dir) {
        Path inside = dir.resolve("x");
        return spec.ignores().stream().anyMatch(m -> m.matches(dir) || m.matches(inside));
    }

    private void loop() {
        while (!stopped) {
            WatchKey key;
            try {
                key = watch.poll(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            if (key == null) {
                continue;
            }
            Path dir = folders.get(key);
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.kind() == StandardWatchEventKinds.OVERFLOW) {
                    context.reportError("too many file events at once: some were lost (the system's watch queue "
                            + "overflowed)");
                    continue;
                }
                if (dir == null) {
                    continue;
                }
                Path path = dir.resolve((Path) e.context());
                if (e.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
                    if (Files.isDirectory(path, links())) {
                        int depth = spec.depth() - depthUnderRoot(path);
                        if (depth >= 0) {
                            register(path, depth, true); // files made before the watch count as added
                        }
                    } else {
                        event(path, "add");
                    }
                } else if (e.kind() == StandardWatchEventKinds.ENTRY_MODIFY) {
                    if (Files.isRegularFile(path, links())) {
                        event(path, "change");
                    }
                } else {
                    event(path, "unlink");
                }
            }
            if (!key.reset()) {
                folders.remove(key); // the folder went away
            }
        }
    }

    private LinkOption[] links() {
        return spec.followSymlinks() ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
    }

    private int depthUnderRoot(Path path) {
        int best = Integer.MAX_VALUE;
        for (WatchSpec.Include i : spec.includes()) {
            if (path.startsWith(i.root())) {
                best = Math.min(best, i.root().relativize(path).getNameCount());
            }
        }
        return best;
    }

    /** One raw event: (re)starts the path's quiet period. */
    private void event(Path path, String kind) {
        if (!spec.matches(path) || !spec.followSymlinks() && !kind.equals("unlink") && Files.isSymbolicLink(path)) {
            return;
        }
        synchronized (bursts) {
            if (stopped) {
                return;
            }
            Burst b = bursts.computeIfAbsent(path, p -> new Burst(kind));
            b.last = kind;
            if (b.fire != null) {
                b.fire.cancel(false);
            }
            b.fire = debouncer.schedule(() -> quiet(path, b), spec.debounceMs(), TimeUnit.MILLISECONDS);
        }
    }

    /** The path was quiet for the debounce: one fire for its burst. */
    private void quiet(Path path, Burst b) {
        synchronized (bursts) {
            if (bursts.get(path) != b || stopped) {
                return; // a later event replaced it, or the trigger stopped
            }
            bursts.remove(path);
        }
        boolean exists = Files.exists(path, links());
        String kind;
        if (b.first.equals("add")) {
            kind = exists ? "add" : null; // added and removed again: nothing happened
        } else if (b.last.equals("unlink")) {
            kind = exists ? "change" : "unlink";
        } else {
            kind = exists ? "change" : "unlink";
        }
        if (kind == null || !spec.events().contains(kind)) {
            return;
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("event", kind);
        payload.put("path", path.toString());
        payload.put("name", path.getFileName() == null ? "" : path.getFileName().toString());
        String stamp;
        if (exists) {
            try {
                FileTime modified = Files.getLastModifiedTime(path, links());
                payload.put("size", Files.size(path));
                payload.put("modifiedAt", modified.toInstant().toString());
                stamp = Long.toString(modified.toMillis());
            } catch (IOException e) {
                return; // gone between the check and the read: its unlink follows
            }
        } else {
            stamp = Long.toString(System.currentTimeMillis());
        }
        context.fireAsync(path + ":" + kind + ":" + stamp, payload).whenComplete((r, failure) -> {
            if (failure != null) {
                context.reportError("a fire could not be recorded: " + failure.getMessage());
            }
        });
    }
}
