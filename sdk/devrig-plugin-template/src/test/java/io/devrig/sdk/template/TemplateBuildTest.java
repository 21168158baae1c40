package io.devrig.sdk.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end, as a plugin author outside this repository: generate the template into a temp
 * folder with {@code sdk/new-plugin.sh}, build it with {@code mvn -o -B verify} against this
 * build's local repository (offline: everything it needs must be there already).
 */
class TemplateBuildTest {

    static final String PLUGIN_ID = "com.example.tickets";
    /** Generous: a stuck build must not hang the reactor (never an assertion about speed). */
    static final long BUILD_LIMIT_MINUTES = 15;

    Path work;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory("devrig-plugin-template-");
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theGeneratedPluginBuildsOfflineWithItsTestsAndTheCheck() throws Exception {
        Path project = generate();

        Run build = mvn(project, "verify");

        assertThat(build.exit()).as(build.tail()).isZero();
        // the template's 7 tests and the plugin.json check, none skipped
        Matcher totals = Pattern.compile("Tests run: (\\d+), Failures: 0, Errors: 0, Skipped: 0\\s*$", Pattern.MULTILINE)
                .matcher(build.output());
        int last = -1;
        while (totals.find()) {
            last = Integer.parseInt(totals.group(1));
        }
        assertThat(last).as(build.tail()).isEqualTo(8);
        assertThat(build.output()).contains("Running io.devrig.sdk.testkit.PluginJsonCheckTest");
        try (JarFile jar = new JarFile(project.resolve("target/" + PLUGIN_ID + "-0.1.0-SNAPSHOT.jar").toFile())) {
            Manifest manifest = jar.getManifest();
            assertThat(manifest.getMainAttributes().getValue("DevRig-Plugin")).isEqualTo("OSGI-INF/devrig/plugin.json");
            assertThat(manifest.getMainAttributes().getValue("Bundle-SymbolicName")).isEqualTo(PLUGIN_ID);
            assertThat(manifest.getMainAttributes().getValue("Service-Component"))
                    .contains("OSGI-INF/" + PLUGIN_ID + ".internal.TicketSource.xml")
                    .contains("OSGI-INF/" + PLUGIN_ID + ".internal.CloseTicket.xml");
            assertThat(manifest.getMainAttributes().getValue("Require-Capability")).contains("devrig.engine");
            assertThat(jar.getEntry("OSGI-INF/devrig/plugin.json")).isNotNull();
            assertThat(jar.getEntry("OSGI-INF/devrig/tickets.close.input.schema.json")).isNotNull();
        }
    }

    @Test
    void anActionNoComponentPublishesFailsTheBuildWithTheMismatchLine() throws Exception {
        Path project = generate();
        Path descriptor = project.resolve("src/main/resources/OSGI-INF/devrig/plugin.json");
        String json = Files.readString(descriptor);
        Files.writeString(descriptor, json.replace("\"actions\": [",
                "\"actions\": [\n      {\"id\": \"tickets.reopen\", \"name\": \"Reopen ticket\"},"));

        Run build = mvn(project, "verify");

        assertThat(build.exit()).as(build.tail()).isNotZero();
        assertThat(build.output()).contains("plugin.json declares action tickets.reopen but no component publishes"
                + " devrig.capability=action:tickets.reopen");
    }

    private Path generate() throws Exception {
        Path project = work.resolve("tickets-plugin");
        Path script = Path.of(System.getProperty("devrig.sdk", "..")).resolve("new-plugin.sh");
        Run run = run(work, List.of("bash", script.toString(), project.toString(), PLUGIN_ID));
        assertThat(run.exit()).as(run.output()).isZero();
        return project;
    }

    private Run mvn(Path project, String goal) throws Exception {
        String home = System.getProperty("maven.home");
        assertThat(home).as("maven.home (set by this module's surefire configuration)").isNotBlank();
        String repo = System.getProperty("devrig.localRepository");
        return run(project, List.of(Path.of(home, "bin", "mvn").toString(), "-o", "-B", "-ntp",
                "-Dmaven.repo.local=" + repo, goal));
    }

    record Run(int exit, String output) {

        /** The end of the output, for failure messages. */
        String tail() {
            return output.length() < 6_000 ? output : output.substring(output.length() - 6_000);
        }
    }

    private static Run run(Path dir, List<String> command) throws Exception {
        Path log = Files.createTempFile("devrig-plugin-build-", ".log");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(BUILD_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish in " + BUILD_LIMIT_MINUTES + " minutes");
            }
            try (InputStream in = Files.newInputStream(log)) {
                return new Run(process.exitValue(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
