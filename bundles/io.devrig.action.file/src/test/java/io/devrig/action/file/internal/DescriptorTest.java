package io.devrig.action.file.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.action.DeclaredActions;
import io.devrig.common.json.Json;
import io.devrig.testing.TestJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descriptors, and their schemas checked with the validator the action registry uses. */
class DescriptorTest {

    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    @TempDir
    Path tmp;

    static List<String> problems(String schema, String instance) {
        return REGISTRY.getSchema(schema).validate(Json.readTree(instance)).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    @Test
    void descriptorsAndSchemas() throws Exception {
        FileFixture f = new FileFixture(tmp);
        List<ActionExecutor> executors = List.of(f.read, f.write, f.transform);
        assertThat(executors.stream().map(e -> e.descriptor().type()))
                .containsExactly("file.read", "file.write", "file.transform");
        assertThat(executors.stream().map(e -> e.descriptor().sideEffects())).containsExactly(false, true, true);
        var meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        for (ActionExecutor e : executors) {
            ActionDescriptor d = e.descriptor();
            assertThat(d.category()).isEqualTo("file");
            assertThat(d.name()).isNotEqualTo(d.type());
            for (String schema : List.of(d.inputSchema(), d.outputSchema())) {
                JsonNode node = Json.readTree(schema);
                assertThat(meta.validate(node)).as(d.type()).isEmpty();
            }
        }
    }

    @Test
    void sampleInputsValidateAndTheirOutputsToo() throws Exception {
        FileFixture f = new FileFixture(tmp);
        Files.writeString(f.root.resolve("in.csv"), "a,b\n1,2\n");
        String root = f.root.toString();
        List<Object[]> samples = List.of(
                new Object[] {f.write, "{\"path\": \"" + root + "/o.txt\", \"content\": \"hi\", \"mode\": \"overwrite\"}"},
                new Object[] {f.read, "{\"path\": \"" + root + "/o.txt\", \"maxBytes\": 100}"},
                new Object[] {f.read, "{\"path\": \"" + root + "/o.txt\", \"as\": \"base64\"}"},
                new Object[] {f.transform, "{\"operation\": \"parse\", \"format\": \"csv\", \"path\": \"" + root + "/in.csv\"}"},
                new Object[] {f.transform, "{\"operation\": \"parse\", \"format\": \"xml\", \"text\": \"<a><b>1</b></a>\"}"},
                new Object[] {f.transform, "{\"operation\": \"serialize\", \"format\": \"csv\", \"value\": [{\"a\": 1}],"
                        + " \"csv\": {\"separator\": \";\"}}"},
                new Object[] {f.transform, "{\"operation\": \"serialize\", \"format\": \"xml\", \"value\": {\"a\": 1},"
                        + " \"path\": \"" + root + "/o.xml\", \"mode\": \"create\"}"});
        for (Object[] s : samples) {
            ActionExecutor e = (ActionExecutor) s[0];
            String input = (String) s[1];
            assertThat(problems(e.descriptor().inputSchema(), input)).as(input).isEmpty();
            Object out = e.execute(TestJson.plain(input), f.context);
            assertThat(problems(e.descriptor().outputSchema(), TestJson.write(out))).as(input).isEmpty();
        }
    }

    @Test
    void badInputsAreRefusedByTheSchema() {
        String transform = schema(TransformAction.TYPE);
        assertThat(problems(transform, "{\"operation\": \"parse\", \"format\": \"json\"}")).isNotEmpty();
        assertThat(problems(transform, "{\"operation\": \"parse\", \"format\": \"json\", \"text\": \"1\", \"path\": \"/a\"}"))
                .isNotEmpty();
        assertThat(problems(transform, "{\"operation\": \"serialize\", \"format\": \"json\"}")).isNotEmpty();
        assertThat(problems(transform, "{\"operation\": \"serialize\", \"format\": \"toml\", \"value\": 1}")).isNotEmpty();
        assertThat(problems(transform, "{\"operation\": \"serialize\", \"format\": \"csv\", \"value\": [],"
                + " \"csv\": {\"separator\": \";;\"}}")).isNotEmpty();
        assertThat(problems(schema(WriteAction.TYPE), "{\"path\": \"/a\", \"content\": \"x\", \"mode\": \"replace\"}"))
                .isNotEmpty();
        assertThat(problems(schema(ReadAction.TYPE), "{\"path\": \"/a\", \"maxBytes\": 0}")).isNotEmpty();
    }

    private static String schema(String type) {
        return DeclaredActions.builtIn(ReadAction.class, type).inputSchema();
    }
}
