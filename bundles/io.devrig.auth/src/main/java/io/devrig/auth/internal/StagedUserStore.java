package io.devrig.auth.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.karaf.jaas.modules.BackingEngine;

/**
 * Changes a properties user store through a copy that then replaces the file in one rename.
 *
 * <p>Karaf's properties store rewrites {@code users.properties} in place (truncate, then
 * write), and with {@code encryption.enabled} Karaf also watches that file and re-saves it
 * when it reads a password without the {@code {CRYPT}} markers. Reading in the middle of the
 * store's write, the watcher can take a cut-off hash for a clear password, "encrypt" it and
 * save: the administrator's password is then wrong for good (seen as a refused SSH login in
 * an end-to-end run). A rename is seen whole, old or new, so the watcher never reads a
 * half-written file.
 *
 * <p>The copy is made private (no group/other permissions, i.e. 0600 for a shipped 0644
 * file) before it replaces the file, so the password hashes are never readable by other
 * users after the first start.
 */
final class StagedUserStore {

    /** The option of Karaf's properties login module that names the user file. */
    static final String USERS_OPTION = "users";

    private StagedUserStore() {
    }

    /**
     * Runs {@code change} on a store built (by {@code build}) over a copy of the file named by
     * {@code options}, then moves the copy over the file; returns what {@code change} returned.
     * Without a user file in the options, {@code change} runs on the store itself.
     */
    static <T> T change(Map<String, ?> options, Function<Map<String, ?>, BackingEngine> build,
            IOFunction<BackingEngine, T> change) throws IOException {
        Object users = options.get(USERS_OPTION);
        Path file = users instanceof String name && !name.isBlank() ? Path.of(name) : null;
        if (file == null || !Files.isRegularFile(file)) {
            return change.apply(build.apply(options));
        }
        Path staged = file.resolveSibling(file.getFileName() + ".devrig-staged");
        Files.copy(file, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        // the file holds password hashes: the copy that replaces it is the system user's alone (0600),
        // whatever the shipped or older file allowed
        PrivateFiles.restrict(staged);
        try {
            Map<String, Object> stagedOptions = new HashMap<>(options);
            stagedOptions.put(USERS_OPTION, staged.toString());
            T result = change.apply(build.apply(stagedOptions));
            try {
                Files.move(staged, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staged, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return result;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /** A function that may fail with an IOException. */
    @FunctionalInterface
    interface IOFunction<A, R> {
        R apply(A a) throws IOException;
    }
}
