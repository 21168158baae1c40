package io.devrig.auth.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At start, makes the files that hold DevRig's secrets and data private to the system
 * user running it (no group/other permissions), for installations whose files were made
 * before the launcher set {@code umask 077} (or for a server started without DevRig's
 * {@code bin/setenv}): the data folder, the database and its WAL/shared-memory files, the
 * log folder and log, {@code etc/users.properties} (password hashes) and the vault key.
 */
@Component(immediate = true, service = {})
public final class PrivateFilesComponent {

    private static final Logger LOG = LoggerFactory.getLogger(PrivateFilesComponent.class);

    @Activate
    public PrivateFilesComponent(BundleContext context) {
        Path data = Path.of(property(context, "karaf.data", "data"));
        Path etc = Path.of(property(context, "karaf.etc", "etc"));
        Path log = Path.of(property(context, "karaf.log", data.resolve("log").toString()));
        List<String> tightened = restrictAll(sensitive(data, etc, log));
        if (!tightened.isEmpty()) {
            LOG.warn("Removed group/other permissions from {} (DevRig keeps its files private to its system user)",
                    String.join(", ", tightened));
        }
    }

    /** The paths made private at start, in this order. */
    static List<Path> sensitive(Path data, Path etc, Path log) {
        return List.of(data, data.resolve("devrig.db"), data.resolve("devrig.db-wal"), data.resolve("devrig.db-shm"),
                data.resolve("devrig"), data.resolve("backups"), log, log.resolve("karaf.log"),
                etc.resolve("users.properties"), etc.resolve("devrig-secrets.key"));
    }

    /** Restricts each path; returns the names of those that were changed. Failures are logged, not thrown. */
    static List<String> restrictAll(List<Path> paths) {
        List<String> changed = new ArrayList<>();
        for (Path path : paths) {
            try {
                if (PrivateFiles.restrict(path)) {
                    changed.add(path.toString());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not make {} private: {}", path, e.getClass().getSimpleName());
            }
        }
        return changed;
    }

    private static String property(BundleContext context, String name, String fallback) {
        String value = context.getProperty(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
