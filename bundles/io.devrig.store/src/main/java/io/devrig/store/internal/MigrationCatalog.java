package io.devrig.store.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The migrations shipped in a folder of the bundle (or test classpath). The
 * folder holds {@code NNNN_description.sql} scripts and an {@code INDEX} file
 * that lists them in order, one a line. Versions must run 1, 2, 3, ... without
 * gaps, and each script's number must match its place.
 */
public final class MigrationCatalog {

    /** Where DevRig's own schema lives. */
    public static final String DEFAULT_FOLDER = "io/devrig/store/migrations";

    private static final Pattern FILE = Pattern.compile("(\\d{4})_[a-z0-9_]+\\.sql");

    private final List<Migration> migrations;

    private MigrationCatalog(List<Migration> migrations) {
        this.migrations = List.copyOf(migrations);
    }

    public static MigrationCatalog of(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalStateException("migration " + migrations.get(i).name() + " should be version " + (i + 1));
            }
        }
        return new MigrationCatalog(migrations);
    }

    /** Loads the migrations listed in {@code folder/INDEX} through {@code loader}. */
    public static MigrationCatalog load(ClassLoader loader, String folder) {
        List<Migration> result = new ArrayList<>();
        for (String file : readLines(loader, folder + "/INDEX")) {
            Matcher m = FILE.matcher(file);
            if (!m.matches()) {
                throw new IllegalStateException("migration file name must look like 0001_description.sql: " + file);
            }
            String sql = String.join("\n", readLines(loader, folder + "/" + file));
            result.add(new Migration(Integer.parseInt(m.group(1)), file, sql));
        }
        return of(result);
    }

    private static List<String> readLines(ClassLoader loader, String resource) {
        InputStream in = loader.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing migration resource " + resource);
        }
        List<String> lines = new ArrayList<>();
        boolean index = resource.endsWith("/INDEX");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null;) {
                if (index) {
                    line = line.strip();
                    if (line.isEmpty() || line.startsWith("#")) {
                        continue;
                    }
                }
                lines.add(line);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration resource " + resource, e);
        }
        return lines;
    }

    public List<Migration> migrations() {
        return migrations;
    }

    /** The schema version after every migration has run (0 when there are none). */
    public int latestVersion() {
        return migrations.size();
    }

    /** The migrations that bring a database at {@code current} to the latest version. */
    public List<Migration> pendingAfter(int current) {
        return current >= migrations.size() ? List.of() : migrations.subList(current, migrations.size());
    }
}
