package io.devrig.plugin.guard.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The admissions (plugin id to granted permissions) in one properties file in the guard's
 * data area: written whole to a temporary file, synced, then renamed over the old one, so a
 * crash leaves either the old or the new set, never half of one.
 */
final class AdmissionStore {

    private final Path file;

    AdmissionStore(Path file) {
        this.file = file;
    }

    Map<String, Set<String>> load() {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin admissions " + file, e);
        }
        Map<String, Set<String>> out = new TreeMap<>();
        for (String id : props.stringPropertyNames()) {
            out.put(id, Arrays.stream(props.getProperty(id).split(",")).map(String::strip).filter(p -> !p.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        return out;
    }

    void save(Map<String, Set<String>> admissions) {
        // Properties.store writes a date comment and hash order: write it by hand, sorted
        StringBuilder text = new StringBuilder("# plugin id = granted permissions (written by io.devrig.plugin.guard)\n");
        new TreeMap<>(admissions).forEach((id, perms) -> {
            Properties one = new Properties();
            one.setProperty(id, String.join(",", new TreeSet<>(perms)));
            java.io.StringWriter w = new java.io.StringWriter();
            try {
                one.store(w, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            w.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> text.append(l).append('\n'));
        });
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.getParent());
            try (FileOutputStream out = new FileOutputStream(tmp.toFile()); OutputStream o = out) {
                o.write(text.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                o.flush();
                out.getFD().sync();
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plugin admissions " + file, e);
        }
    }
}
