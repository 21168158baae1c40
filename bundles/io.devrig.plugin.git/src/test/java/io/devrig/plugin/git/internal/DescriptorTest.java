package io.devrig.plugin.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.common.plugin.DescriptorReader;
import io.devrig.api.plugin.PluginDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plugin host's own reader accepts plugin.json and finds every referenced file. */
class DescriptorTest {

    @Test
    void descriptorIsValidForTheHost() throws Exception {
        DescriptorReader reader = new DescriptorReader(DescriptorTest::resource);
        PluginDescriptor d = reader.read(resource(DescriptorReader.DEFAULT_LOCATION).orElseThrow(),
                DescriptorReader.DEFAULT_LOCATION, "io.devrig.plugin.git", "0.1.0.SNAPSHOT");
        assertThat(d.name()).isEqualTo("io.devrig.plugin.git");
        assertThat(d.toString()).contains("git.repositories", "git.status", "git.fetch", "inbox:write");
        assertThat(d.capabilities().action("git.status").orElseThrow().sideEffects()).isFalse();
        assertThat(d.capabilities().action("git.fetch").orElseThrow().sideEffects()).isTrue();
        assertThat(d.capabilities().action("git.diff").orElseThrow().sideEffects()).as("reads only").isFalse();
        assertThat(d.capabilities().action("git.commit").orElseThrow().sideEffects()).isTrue();
        assertThat(d.permissions()).as("git writes the commit as a child process: no files:write")
                .containsExactlyInAnyOrder("inbox:write", "process:git", "files:read");
        assertThat(d.schema(d.settingsSchema())).get().asString().contains("\"roots\"");
        for (String component : java.util.List.of("GitStatusAction", "GitFetchAction", "GitDiffAction", "GitCommitAction",
                "GitDataSource")) {
            String xml = new String(resource("OSGI-INF/io.devrig.plugin.git.internal." + component + ".xml").orElseThrow(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(xml).as(component + ": one property, no Config Admin PID").doesNotContain("configuration-pid")
                    .containsOnlyOnce("<property ").contains("name=\"devrig.capability\"");
        }
    }

    private static Optional<byte[]> resource(String path) {
        try (InputStream in = DescriptorTest.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
