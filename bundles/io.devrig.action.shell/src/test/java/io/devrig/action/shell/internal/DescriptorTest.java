package io.devrig.action.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.common.json.Json;
import io.devrig.testing.TestJson;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descriptor, and its schemas checked with the validator the action registry uses. */
class DescriptorTest {

    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @TempDir
    Path tmp;

    static List<String> problems(String schema, String instance) {
        return REGISTRY.getSchema(schema).validate(Json.readTree(instance)).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    @Test
    void descriptorAndSchemas() throws Exception {
        ShellFixture f = new ShellFixture(tmp);
        ActionDescriptor d = f.exec.descriptor();
        assertThat(d.type()).isEqualTo("shell.exec");
        assertThat(d.category()).isEqualTo("shell");
        assertThat(d.sideEffects()).isTrue();
        var meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(Json.readTree(d.inputSchema()))).isEmpty();
        assertThat(meta.validate(Json.readTree(d.outputSchema()))).isEmpty();

        String input = "{\"command\": [\"/bin/echo\", \"hi\"], \"cwd\": \"" + f.root + "\", \"env\": {\"A_1\": \"x\"},"
                + " \"stdin\": \"\", \"timeoutMs\": 5000, \"maxOutputBytes\": 100, \"allowExitCodes\": [1, 2]}";
        assertThat(problems(d.inputSchema(), input)).isEmpty();
        Object out = f.exec.execute(TestJson.plain(input), f.context);
        assertThat(problems(d.outputSchema(), TestJson.write(out))).isEmpty();

        for (String bad : List.of("{\"command\": \"echo hi\"}", "{\"command\": []}", "{\"command\": [\"\"]}",
                "{\"command\": [\"a\"], \"env\": {\"PATH\": \"/tmp\"}}", "{\"command\": [\"a\"], \"env\": {\"LD_PRELOAD\": \"x\"}}",
                "{\"command\": [\"a\"], \"env\": {\"A\": 1}}", "{\"command\": [\"a\"], \"allowExitCodes\": [256]}",
                "{\"command\": [\"a\"], \"shell\": true}")) {
            assertThat(problems(d.inputSchema(), bad)).as(bad).isNotEmpty();
        }
    }
}
