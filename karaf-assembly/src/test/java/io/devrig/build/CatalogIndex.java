package io.devrig.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Build step of the distribution (run by exec:java in {@code prepare-package}, before the
 * assembly): writes {@code etc/devrig-catalog.json}, the catalog index of the plugins the
 * distribution ships, from the plugin bundles themselves. Each entry's name is the bundle's
 * {@code Bundle-SymbolicName}; version, display name, description, category, tags and
 * permissions come from the descriptor the bundle's {@code DevRig-Plugin} header names; the
 * location is {@code mvn:io.devrig/<name>/<project version>}, which Karaf resolves from the
 * distribution's own {@code system/} repository. Nothing is written by hand, so the index
 * cannot drift from the plugins.
 *
 * <p>Arguments: the folder of the plugin jars, the index file to write, the project version.
 */
public final class CatalogIndex {

    static final String GROUP = "io.devrig";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CatalogIndex() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: CatalogIndex <plugin jar folder> <index file> <project version>");
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, JSON.writeValueAsString(index(Path.of(args[0]), args[2])) + "\n");
    }

    /** The index of every plugin jar in {@code folder} (sorted by file name); a jar that is no plugin is an error. */
    static ObjectNode index(Path folder, String projectVersion) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) {
            throw new IllegalStateException("no plugin jar in " + folder);
        }
        ObjectNode index = JSON.createObjectNode();
        index.put("catalogVersion", 1);
        ArrayNode plugins = index.putArray("plugins");
        for (Path jar : jars) {
            plugins.add(entry(jar, projectVersion));
        }
        return index;
    }

    static ObjectNode entry(Path jar, String projectVersion) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue("Bundle-SymbolicName");
            String descriptorPath = manifest == null ? null : manifest.getMainAttributes().getValue("DevRig-Plugin");
            if (name == null || descriptorPath == null) {
                throw new IllegalStateException(jar + " is not a DevRig plugin (Bundle-SymbolicName and DevRig-Plugin needed)");
            }
            name = name.split(";")[0].trim();
            JsonNode d;
            try (InputStream in = file.getInputStream(file.getJarEntry(descriptorPath))) {
                d = JSON.readTree(in);
            }
            if (!name.equals(d.path("name").asText())) {
                throw new IllegalStateException(jar + ": descriptor name '" + d.path("name").asText()
                        + "' is not the Bundle-SymbolicName '" + name + "'");
            }
            ObjectNode e = JSON.createObjectNode();
            e.put("name", name);
            e.set("version", d.get("version"));
            e.set("displayName", d.get("displayName"));
            for (String optional : List.of("description", "category", "tags", "permissions")) {
                if (d.hasNonNull(optional)) {
                    e.set(optional, d.get(optional));
                }
            }
            e.put("location", "mvn:" + GROUP + "/" + name + "/" + projectVersion);
            return e;
        }
    }
}
