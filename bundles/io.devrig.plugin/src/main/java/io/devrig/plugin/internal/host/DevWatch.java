package io.devrig.plugin.internal.host;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development watch: for each watched plugin, the jar its bundle was installed from (a
 * {@code mvn:} artifact in the local Maven repository or a {@code file:} location) is
 * compared with the bundle's last update; a newer jar, seen unchanged at two checks in a row
 * (so a jar still being written is not read), updates the bundle. Comparing with the
 * bundle's own last-modified time (kept by the framework) rather than remembered sizes means
 * a jar rebuilt while DevRig was down is picked up at the first check after a restart.
 * Every problem (plugin not installed, location not a file, jar gone, update refused) is
 * logged once, until it changes; the running bundle stays as it is.
 */
final class DevWatch {

    private static final Logger LOG = LoggerFactory.getLogger(DevWatch.class);

    /** What the watch needs of a plugin's bundle; an OSGi bundle in production, a fake in tests. */
    interface Target {
        String location();

        /** When the framework last installed or updated the bundle (ms since the epoch). */
        long lastModified();

        /** Updates the bundle from the jar's bytes (and refreshes it). */
        void update(InputStream jar) throws Exception;
    }

    private record Seen(long modified, long size) {
    }

    private final Path localRepository;
    /** What was last said per plugin, so a problem is logged once, not at every check. */
    private final Map<String, String> said = new HashMap<>();
    /** The newer jar seen at the last check per plugin, awaiting a second identical look. */
    private final Map<String, Seen> pending = new HashMap<>();

    DevWatch(Path localRepository) {
        this.localRepository = localRepository;
    }

    /**
     * Checks each watched plugin once; never throws.
     *
     * @return the plugin ids updated by this check
     */
    List<String> check(List<String> pluginIds, Function<String, Optional<Target>> bundles) {
        java.util.ArrayList<String> updated = new java.util.ArrayList<>();
        said.keySet().retainAll(pluginIds);
        pending.keySet().retainAll(pluginIds);
        for (String id : pluginIds) {
            try {
                if (checkOne(id, bundles.apply(id).orElse(null))) {
                    updated.add(id);
                }
            } catch (RuntimeException e) {
                say(id, "the watch of plugin " + id + " failed: " + e, true);
            }
        }
        return updated;
    }

    private boolean checkOne(String id, Target bundle) {
        if (bundle == null) {
            say(id, "plugin " + id + " is watched but not installed; its watch waits for it", false);
            return false;
        }
        Optional<Path> jar = jarOf(bundle.location(), localRepository);
        if (jar.isEmpty()) {
            say(id, "plugin " + id + " is watched but its location " + bundle.location()
                    + " is neither a mvn: artifact nor a file: location; install it from one of those", true);
            return false;
        }
        Path file = jar.get();
        Seen now;
        try {
            now = new Seen(Files.getLastModifiedTime(file).toMillis(), Files.size(file));
        } catch (IOException gone) {
            pending.remove(id);
            say(id, "the jar of watched plugin " + id + " is gone: " + file
                    + "; the installed bundle keeps running and the watch waits for the jar to come back", true);
            return false;
        }
        if (now.modified() <= bundle.lastModified()) {
            pending.remove(id);
            say(id, "watching plugin " + id + ": " + file, false);
            return false;
        }
        if (!now.equals(pending.put(id, now))) {
            return false; // newer, but maybe still being written: update when it looks the same next time
        }
        pending.remove(id);
        LOG.info("plugin {} changed on disk ({}); updating its bundle", id, file);
        try (InputStream in = Files.newInputStream(file)) {
            bundle.update(in);
            said.remove(id);
            return true;
        } catch (Exception e) {
            say(id, "could not update watched plugin " + id + " from " + file + ": " + e.getMessage()
                    + "; the watch tries again when the jar changes", true);
            return false;
        }
    }

    private void say(String id, String line, boolean warn) {
        if (line.equals(said.put(id, line))) {
            return;
        }
        if (warn) {
            LOG.warn("{}", line);
        } else {
            LOG.info("{}", line);
        }
    }

    /**
     * The file a bundle location names: {@code file:} as is, {@code mvn:groupId/artifactId/version[/type[/classifier]]}
     * (optionally {@code mvn:<repository>!...}) in the local repository. Empty for other locations.
     */
    static Optional<Path> jarOf(String location, Path localRepository) {
        if (location == null) {
            return Optional.empty();
        }
        if (location.startsWith("file:")) {
            try {
                return Optional.of(Path.of(URI.create(location)));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAFile) {
                return Optional.of(Path.of(location.substring("file:".length())));
            }
        }
        if (!location.startsWith("mvn:")) {
            return Optional.empty();
        }
        String coordinates = location.substring("mvn:".length());
        coordinates = coordinates.substring(coordinates.lastIndexOf('!') + 1);
        String[] parts = coordinates.split("/");
        if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
            return Optional.empty();
        }
        String type = parts.length > 3 && !parts[3].isBlank() ? parts[3] : "jar";
        String classifier = parts.length > 4 && !parts[4].isBlank() ? "-" + parts[4] : "";
        return Optional.of(localRepository.resolve(parts[0].replace('.', '/')).resolve(parts[1]).resolve(parts[2])
                .resolve(parts[1] + "-" + parts[2] + classifier + "." + type));
    }
}
