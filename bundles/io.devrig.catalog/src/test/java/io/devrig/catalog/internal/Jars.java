package io.devrig.catalog.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds plugin-like jars for the install tests. */
final class Jars {

    private Jars() {
    }

    static Manifest manifest(String symbolicName, String version, boolean pluginHeader) {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName + ";singleton:=true");
        main.putValue("Bundle-Version", version);
        if (pluginHeader) {
            main.putValue("DevRig-Plugin", "OSGI-INF/devrig/plugin.json");
        }
        return manifest;
    }

    /** A jar with the manifest and a descriptor, written to {@code file} (folders created). */
    static Path plugin(Path file, String symbolicName, String version, boolean pluginHeader) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
                JarOutputStream jar = new JarOutputStream(out, manifest(symbolicName, version, pluginHeader))) {
            jar.putNextEntry(new JarEntry("OSGI-INF/devrig/plugin.json"));
            jar.write(("{\"name\": \"" + symbolicName + "\", \"version\": \"" + version + "\", \"displayName\": \"x\"}")
                    .getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return file;
    }
}
