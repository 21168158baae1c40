package io.devrig.plugin.github.internal;

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
                DescriptorReader.DEFAULT_LOCATION, "io.devrig.plugin.github", "0.1.0.SNAPSHOT");
        assertThat(d.name()).isEqualTo("io.devrig.plugin.github");
        assertThat(d.toString()).contains("github.notifications", "github.pull_requests", "github.comment",
                "github.create_issue", "github.merge_pr", "network", "secrets:read", "inbox:write");
        assertThat(d.capabilities().actions()).allSatisfy(a -> {
            assertThat(a.sideEffects()).as(a.id()).isTrue();
            assertThat(a.inputSchema()).as("one naming scheme").isEqualTo(a.id() + ".input.schema.json");
            assertThat(d.schema(a.inputSchema())).as(a.id()).isPresent();
        });
        assertThat(d.settingsSchema()).isEqualTo("settings.schema.json");
    }

    static PluginDescriptor descriptor() throws Exception {
        return new DescriptorReader(DescriptorTest::resource).read(resource(DescriptorReader.DEFAULT_LOCATION).orElseThrow(),
                DescriptorReader.DEFAULT_LOCATION, "io.devrig.plugin.github", "0.1.0.SNAPSHOT");
    }

    /** The input schema plugin.json names for an action, as the host hands it to the action registry. */
    static String inputSchema(String action) throws Exception {
        PluginDescriptor d = descriptor();
        return d.schema(d.capabilities().action(action).orElseThrow().inputSchema()).orElseThrow();
    }

    static String text(String path) {
        return new String(resource(path).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theSettingsSchemaRefusesWhatTheDataSourcesWouldRefuse() throws Exception {
        PluginDescriptor d = descriptor();
        String schema = d.schema(d.settingsSchema()).orElseThrow();
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(io.devrig.common.schema.SchemaProblems.problems(schema, json.readTree(
                "{\"apiUrl\": \"https://ghe.example/api/v3\", \"notifications\": {\"participating\": true},"
                + " \"pullRequests\": {\"repositories\": [\"octo/hello\"]}}"), "$")).isEmpty();
        assertThat(io.devrig.common.schema.SchemaProblems.problems(schema, json.readTree(
                "{\"notifications\": {\"all\": \"yes\"}, \"pullRequests\": {\"repositories\": [\"../x\"]}, \"roots\": []}"), "$"))
                .anySatisfy(p -> assertThat(p).startsWith("$.notifications.all"))
                .anySatisfy(p -> assertThat(p).startsWith("$.pullRequests.repositories[0]"))
                .anySatisfy(p -> assertThat(p).contains("roots"));
    }

    private static Optional<byte[]> resource(String path) {
        try (InputStream in = DescriptorTest.class.getClassLoader().getResourceAsStream(path)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
