package io.devrig.plugin.github.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.plugin.internal.descriptor.DescriptorReader;
import io.devrig.plugin.internal.descriptor.PluginDescriptor;
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
                DescriptorReader.DEFAULT_LOCATION, "io.devrig.plugin.github", "0.1.0.SNAPSHOT");
        assertThat(d.name()).isEqualTo("io.devrig.plugin.github");
        assertThat(d.toString()).contains("github.notifications", "github.pull_requests", "github.comment",
                "github.create_issue", "github.merge_pr", "network", "secrets:read", "inbox:write");
    }

    private static Optional<byte[]> resource(String path) {
        try (InputStream in = DescriptorTest.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
