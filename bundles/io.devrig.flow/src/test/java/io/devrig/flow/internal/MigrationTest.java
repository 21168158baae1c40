package io.devrig.flow.internal;

import static io.devrig.flow.internal.Fixtures.CODEC;
import static io.devrig.flow.internal.Fixtures.action;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.error.DevRigException;
import io.devrig.api.flow.WorkflowDefinition;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationTest {

    private static final String V0 = """
            {"id": "wf", "version": 1, "name": "old", "nodes": [%s, %s],
             "edges": [{"id": "e1", "from": "a", "to": "b", "label": "x"}]}"""
            .formatted(action("a", "t"), action("b", "t"));

    @Test
    void schemaZeroEdgesGetSourceAndTarget() {
        WorkflowDefinition d = CODEC.parse(V0);
        assertThat(d.schemaVersion()).isEqualTo(WorkflowDefinition.SCHEMA_VERSION);
        assertThat(d.edges().get(0).source()).isEqualTo("a");
        assertThat(d.edges().get(0).target()).isEqualTo("b");
        assertThat(d.edges().get(0).label()).isEqualTo("x");
        assertThat(CODEC.toJson(d)).contains("\"schemaVersion\":2").contains("\"source\":\"a\",\"target\":\"b\"");
    }

    @Test
    void explicitSchemaZeroIsMigratedToo() {
        assertThat(CODEC.parse(V0.replace("{\"id\": \"wf\"", "{\"schemaVersion\": 0, \"id\": \"wf\""))
                .edges().get(0).target()).isEqualTo("b");
    }

    @Test
    void currentSchemaIsNotMigrated() {
        // schema 1 knows no 'from': it is an unknown field, not renamed
        assertThat(DefinitionCodecTest.problems(V0.replace("{\"id\": \"wf\"", "{\"schemaVersion\": 1, \"id\": \"wf\"")))
                .containsExactly("$.edges[0].from: unknown field", "$.edges[0].to: unknown field",
                        "$.edges[0].source: required", "$.edges[0].target: required");
    }

    @Test
    void bothOldAndNewNamesAreAProblem() {
        assertThat(DefinitionCodecTest.problems(V0.replace("\"from\": \"a\"", "\"from\": \"a\", \"source\": \"a\"")))
                .containsExactly("$.edges[0]: has both 'from' (schema 0) and 'source'");
    }

    @Test
    void futureOrBadSchemaVersionsAreRefused() {
        assertThat(DefinitionCodecTest.problems("{\"schemaVersion\": 3}"))
                .containsExactly("$.schemaVersion: 3 is not a known schema version (0 to 2)");
        assertThat(DefinitionCodecTest.problems("{\"schemaVersion\": \"1\"}"))
                .containsExactly("$.schemaVersion: must be an integer");
    }

    @Test
    void stepsRunInOrder() {
        DefinitionMigration renameTitle = new DefinitionMigration() {
            @Override
            public int from() {
                return 1;
            }

            @Override
            public void migrate(ObjectNode root, List<String> problems) {
                if (root.has("title")) {
                    root.set("name", root.remove("title"));
                }
            }
        };
        List<DefinitionMigration> chain = List.of(Migrations.CHAIN.get(0), renameTitle);
        ObjectNode root = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
                java.util.Map.of("title", "t", "edges", List.of(java.util.Map.of("from", "a", "to", "b"))));
        List<String> problems = new java.util.ArrayList<>();
        Migrations.apply(root, chain, problems);
        assertThat(problems).isEmpty();
        assertThat(root.get("schemaVersion").intValue()).isEqualTo(2);
        assertThat(root.get("name").textValue()).isEqualTo("t");
        assertThat(root.at("/edges/0/source").textValue()).isEqualTo("a");
        // the real codec refuses a version the chain does not reach
        assertThat(new DefinitionCodec(chain).parse(V0).name()).isEqualTo("old");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CODEC.parse("{\"schemaVersion\": 2}"))
                .isInstanceOf(DevRigException.class);
    }
}
