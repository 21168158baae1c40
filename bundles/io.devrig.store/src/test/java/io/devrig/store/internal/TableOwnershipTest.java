package io.devrig.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table is named in SQL only by the bundle that owns it, as the ownership table of
 * this bundle's README says. The SQL is read from the string literals of every bundle's
 * main Java sources (literals of a file joined, so SQL split over concatenations is seen
 * whole).
 */
class TableOwnershipTest {

    private static final Path BUNDLES = Path.of("..").toAbsolutePath().normalize();
    private static final Path README = Path.of("README.md");
    private static final Pattern ROW = Pattern.compile("^\\|\\s*`?([a-z_0-9.]+)`?\\s*\\|\\s*`?([a-z_0-9.]+)`?\\s*\\|");
    private static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);
    private static final Pattern NAMED = Pattern.compile("(?i)\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_][a-z0-9_]*)");

    @Test
    void everyTableIsNamedOnlyByItsOwnerExceptTheListedReads() throws IOException {
        Map<String, String> owners = new LinkedHashMap<>();
        section("## Table ownership", "### ").forEach(row -> owners.put(row[0], row[1]));
        List<String[]> crossing = section("### Reads that still cross ownership", "## ");
        assertThat(owners).as("the ownership table in README.md").containsKeys("job_queue", "plugins", "workflow_runs");

        Set<String> found = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(BUNDLES)) {
            for (Path bundle : dirs.filter(d -> Files.isDirectory(d.resolve("src/main/java"))).toList()) {
                String name = bundle.getFileName().toString();
                if (name.equals("io.devrig.store") || name.startsWith("io.devrig.itest")) {
                    continue;
                }
                for (String table : tablesNamed(bundle.resolve("src/main/java"), owners.keySet())) {
                    if (!name.equals(owners.get(table))) {
                        found.add(name + " -> " + table);
                    }
                }
            }
        }
        Set<String> allowed = new TreeSet<>();
        crossing.forEach(row -> allowed.add(row[0] + " -> " + row[1]));
        assertThat(found).as("tables named in SQL by a bundle that does not own them (README.md of io.devrig.store: "
                + "go through the owner's service, or list the read with its reason)").isEqualTo(allowed);
    }

    @Test
    void theScanSeesSqlInLiteralsOnlyAndAcrossConcatenations() {
        String source = """
                // rows come FROM plugins, says a comment
                String a = "SELECT id FROM " + "job_queue WHERE x = ?";
                String b = \"""
                    UPDATE workflow_runs SET status = 'done'
                    \""";
                String c = "INSERT INTO \\"quoted\\" (a) VALUES (?)";
                """;
        assertThat(named(source, Set.of("plugins", "job_queue", "workflow_runs", "quoted")))
                .containsExactlyInAnyOrder("job_queue", "workflow_runs");
    }

    private static Set<String> tablesNamed(Path sources, Set<String> tables) throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                out.addAll(named(Files.readString(f, StandardCharsets.UTF_8), tables));
            }
        }
        return out;
    }

    /** The known tables the string literals of {@code source} name after FROM, JOIN, INTO, UPDATE or TABLE. */
    static Set<String> named(String source, Set<String> tables) {
        StringBuilder sql = new StringBuilder();
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            sql.append(literal.group(1) != null ? literal.group(1) : literal.group(2)).append(' ');
        }
        Set<String> out = new TreeSet<>();
        Matcher m = NAMED.matcher(sql);
        while (m.find()) {
            String table = m.group(1).toLowerCase(java.util.Locale.ROOT);
            if (tables.contains(table)) {
                out.add(table);
            }
        }
        return out;
    }

    /** The first two cells of each row of the first table after {@code heading}, up to {@code until}. */
    private static List<String[]> section(String heading, String until) throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int start = lines.indexOf(heading);
        assertThat(start).as("README.md has the heading '%s'", heading).isNotNegative();
        List<String[]> rows = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith(until)) {
                break;
            }
            Matcher m = ROW.matcher(line);
            if (m.find() && !m.group(1).equals("table") && !m.group(1).equals("bundle")) {
                rows.add(new String[] {m.group(1), m.group(2)});
            }
        }
        return rows;
    }
}
