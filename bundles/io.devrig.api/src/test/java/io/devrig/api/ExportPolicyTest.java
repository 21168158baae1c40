package io.devrig.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The inherited bnd policy (cnf/ext/exports.bnd) as it applies to this bundle: the
 * manifest bnd wrote before the tests ran exports exactly the packages whose
 * package-info carries @Version, and every one of them at that version.
 */
class ExportPolicyTest {

    @Test
    void exactlyTheVersionedPackagesAreExported() throws Exception {
        Manifest manifest;
        try (InputStream in = Files.newInputStream(Path.of("target/classes/META-INF/MANIFEST.MF"))) {
            manifest = new Manifest(in);
        }
        String header = manifest.getMainAttributes().getValue("Export-Package");
        // drop quoted attribute values (uses:="a,b") before splitting the clauses
        Set<String> exported = Arrays.stream(header.replaceAll("\"[^\"]*\"", "\"\"").split(","))
                .map(clause -> clause.split(";")[0].trim()).collect(Collectors.toCollection(TreeSet::new));

        Path sources = Path.of("src/main/java");
        Set<String> versioned;
        try (Stream<Path> files = Files.walk(sources)) {
            versioned = files.filter(p -> p.getFileName().toString().equals("package-info.java"))
                    .filter(p -> read(p).contains("@Version("))
                    .map(p -> sources.relativize(p.getParent()).toString().replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(versioned).isNotEmpty();
        assertThat(exported).isEqualTo(versioned);
        assertThat(exported).noneMatch(p -> p.contains(".internal"));
        assertThat(header).contains("io.devrig.api.store;version=\"1.1.0\"");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
