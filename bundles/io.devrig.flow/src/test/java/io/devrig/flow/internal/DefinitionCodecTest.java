package io.devrig.flow.internal;

import static io.devrig.flow.internal.Fixtures.CODEC;
import static io.devrig.flow.internal.Fixtures.FULL;
import static io.devrig.flow.internal.Fixtures.action;
import static io.devrig.flow.internal.Fixtures.def;
import static io.devrig.flow.internal.Fixtures.edge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.ErrorHandling;
import io.devrig.api.flow.ExecutionMode;
import io.devrig.api.flow.NodeType;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.retry.RetryPolicy;
import java.util.Set;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @SuppressWarnings("unchecked")
    static List<String> problems(String json) {
        try {
            CODEC.parse(json);
        } catch (DevRigException e) {
            assertThat(e.error().code()).isEqualTo(ErrorCodes.INVALID_INPUT);
            return (List<String>) e.error().details().get("problems");
        }
        throw new AssertionError("parsed: " + json);
    }

    @Test
    void readsTheFullModel() {
        WorkflowDefinition d = CODEC.parse(FULL);
        assertThat(d.schemaVersion()).isEqualTo(2);
        assertThat(d.nodes()).extracting(n -> n.type())
                .containsExactly(NodeType.ACTION, NodeType.CONDITION, NodeType.AI, NodeType.JUNCTION);
        assertThat(d.nodes().get(0).actionType()).isEqualTo("github.label");
        assertThat(d.nodes().get(0).size().width()).isEqualTo(220);
        assertThat(d.edges().get(1).sourceHandle()).isEqualTo("true");
        assertThat(d.settings().errorHandling()).isEqualTo(ErrorHandling.SKIP);
        assertThat(d.settings().executionMode()).isEqualTo(ExecutionMode.PARALLEL);
        assertThat(d.viewport().zoom()).isEqualTo(0.75);
    }

    @Test
    void readsTheSeedRetryPolicy() {
        WorkflowDefinition d = CODEC.parse(FULL);
        RetryPolicy node = d.nodes().get(0).retryPolicy();
        assertThat(node).isEqualTo(new RetryPolicy(RetryPolicy.Strategy.LINEAR, 500, 5000, false,
                Set.of(ErrorCategory.TIMEOUT), 2));
        assertThat(d.settings().retryPolicy()).isEqualTo(RetryPolicy.DEFAULTS);
    }

    @Test
    void schemaOneRetryPoliciesAreMigratedOnRead() throws Exception {
        String old = def("""
                [{"id": "a", "type": "action", "actionType": "t", "position": {"x": 0, "y": 0},
                  "retryPolicy": {"maxAttempts": 4, "initialDelayMs": 250, "backoffMultiplier": 1, "maxDelayMs": 900}},
                 {"id": "b", "type": "action", "actionType": "t", "position": {"x": 0, "y": 0},
                  "retryPolicy": {"maxAttempts": 2, "initialDelayMs": 100, "backoffMultiplier": 3, "maxDelayMs": 5000}}]""",
                "[]");
        WorkflowDefinition d = CODEC.parse(old);
        Set<ErrorCategory> before = Set.of(ErrorCategory.TRANSIENT, ErrorCategory.RESOURCE, ErrorCategory.TIMEOUT,
                ErrorCategory.PLUGIN);
        assertThat(d.schemaVersion()).isEqualTo(WorkflowDefinition.SCHEMA_VERSION);
        assertThat(d.nodes().get(0).retryPolicy())
                .isEqualTo(new RetryPolicy(RetryPolicy.Strategy.FIXED, 250, 900, false, before, 4));
        assertThat(d.nodes().get(1).retryPolicy())
                .isEqualTo(new RetryPolicy(RetryPolicy.Strategy.EXPONENTIAL, 100, 5000, false, before, 2));
        JsonNode exported = JSON.readTree(CODEC.toJson(d)).get("nodes").get(0).get("retryPolicy");
        assertThat(exported.has("initialDelayMs")).isFalse();
        assertThat(exported.get("strategy").asText()).isEqualTo("fixed");
        assertThat(exported.get("baseDelayMs").asLong()).isEqualTo(250);
    }

    @Test
    void refusesRetryCategoriesThatAreNeverRetriedOrUnknown() {
        String json = FULL.replace("\"retryOn\": [\"timeout\"]", "\"retryOn\": [\"permanent\", \"sometimes\"]")
                .replace("\"strategy\": \"linear\"", "\"strategy\": \"random\"");
        assertThat(problems(json)).contains(
                "$.nodes[0].retryPolicy.strategy: unknown value 'random' (known: fixed, linear, exponential)",
                "$.nodes[0].retryPolicy.retryOn[0]: unknown value 'permanent' (known: transient, resource, timeout, plugin)",
                "$.nodes[0].retryPolicy.retryOn[1]: unknown value 'sometimes' (known: transient, resource, timeout, plugin)");
    }

    @Test
    void exportOfImportIsTheSameJson() throws Exception {
        String out = CODEC.toJson(CODEC.parse(FULL));
        assertThat(JSON.readTree(out)).isEqualTo(JSON.readTree(FULL));
    }

    @Test
    void editorDataRoundTripsExactly() throws Exception {
        JsonNode in = JSON.readTree(FULL);
        JsonNode out = JSON.readTree(CODEC.toJson(CODEC.parse(CODEC.toJson(CODEC.parse(FULL)))));
        assertThat(out.get("editor")).isEqualTo(in.get("editor"));
        assertThat(out.get("viewport")).isEqualTo(in.get("viewport"));
        for (int i = 0; i < in.get("nodes").size(); i++) {
            for (String f : List.of("position", "size", "label", "handles", "editor")) {
                assertThat(out.get("nodes").get(i).get(f)).as("node %d %s", i, f)
                        .isEqualTo(in.get("nodes").get(i).get(f));
            }
        }
        for (int i = 0; i < in.get("edges").size(); i++) {
            for (String f : List.of("sourceHandle", "targetHandle", "label", "editor")) {
                assertThat(out.get("edges").get(i).get(f)).isEqualTo(in.get("edges").get(i).get(f));
            }
        }
        assertThat(out.at("/nodes/0/editor").toString())
                .isEqualTo("{\"color\":\"#ff0000\",\"collapsed\":false,\"notes\":[\"a\",{\"b\":1.25}]}");
    }

    @Test
    void settingsDefaultWhenAbsent() {
        WorkflowDefinition d = CODEC.parse(def("[" + action("a", "x") + "]", "[]"));
        assertThat(d.settings().maxConcurrentRuns()).isEqualTo(1);
        assertThat(d.settings().errorHandling()).isEqualTo(ErrorHandling.STOP);
    }

    @Test
    void refusesUnknownFieldsWithTheirPaths() {
        String json = FULL.replace("\"theme\": \"dark\"}", "\"theme\": \"dark\"}, \"colour\": 1")
                .replace("\"label\": \"then\"", "\"label\": \"then\", \"weight\": 2")
                .replace("\"maxConcurrentRuns\": 2", "\"maxConcurrentRuns\": 2, \"priority\": 1");
        assertThat(problems(json)).containsExactlyInAnyOrder("$.colour: unknown field",
                "$.edges[0].weight: unknown field", "$.settings.priority: unknown field");
    }

    @Test
    void reportsMissingRequiredFields() {
        String json = """
                {"schemaVersion": 1, "nodes": [{"type": "action", "config": {}},
                  {"id": "c", "type": "condition", "position": {"x": 0}}],
                 "edges": [{"id": "e"}]}""";
        assertThat(problems(json)).contains("$.id: required", "$.version: required", "$.name: required",
                "$.nodes[0].id: required", "$.nodes[0].actionType: required", "$.nodes[0].position: required",
                "$.nodes[1].condition: required", "$.nodes[1].position.y: required",
                "$.edges[0].source: required", "$.edges[0].target: required");
    }

    @Test
    void reportsDuplicateNodeAndEdgeIds() {
        String json = def("[" + action("a", "x") + "," + action("b", "x") + "," + action("a", "y") + "]",
                "[" + edge("e", "a", "b") + "," + edge("e", "b", "a") + "]");
        assertThat(problems(json)).containsExactly("$.nodes[2].id: duplicate node id 'a' (also $.nodes[0])",
                "$.edges[1].id: duplicate edge id 'e' (also $.edges[0])");
    }

    @Test
    void reportsUnknownEnumValues() {
        String json = def("[{\"id\": \"a\", \"type\": \"loop\", \"position\": {\"x\": 0, \"y\": 0}}]", "[]")
                .replace("\"nodes\"", "\"settings\": {\"errorHandling\": \"ignore\", \"executionMode\": \"async\"}, \"nodes\"");
        assertThat(problems(json)).containsExactlyInAnyOrder(
                "$.nodes[0].type: unknown value 'loop' (known: action, condition, junction, ai)",
                "$.settings.errorHandling: unknown value 'ignore' (known: stop, skip, retry)",
                "$.settings.executionMode: unknown value 'async' (known: sequential, parallel)");
    }

    @Test
    void reportsWrongTypes() {
        String json = """
                {"schemaVersion": 1, "id": 7, "version": "one", "name": "n", "nodes": {},
                 "edges": [], "settings": {"timeoutMs": 1.5}, "editor": "x"}""";
        assertThat(problems(json)).containsExactlyInAnyOrder("$.id: must be a string", "$.version: must be an integer",
                "$.nodes: must be an array", "$.settings.timeoutMs: must be an integer", "$.editor: must be a JSON object");
    }

    @Test
    void refusesFieldsThatDoNotBelongToTheNodeType() {
        String json = def("""
                [{"id": "j", "type": "junction", "actionType": "x", "condition": {"type": "literal"},
                  "position": {"x": 0, "y": 0}}]""", "[]");
        assertThat(problems(json)).containsExactly("$.nodes[0].actionType: only action nodes have an action type",
                "$.nodes[0].condition: only condition nodes have a condition (put it on an edge)");
    }

    @Test
    void conditionsMustBeJsonObjects() {
        String json = def("[" + action("a", "x") + "," + action("b", "x") + "]",
                "[{\"id\": \"e\", \"source\": \"a\", \"target\": \"b\", \"condition\": \"{}\"}]")
                .replace("\"nodes\"", "\"entryConditions\": [true], \"nodes\"");
        assertThat(problems(json)).containsExactly("$.entryConditions[0]: must be a JSON object",
                "$.edges[0].condition: must be a JSON object");
    }

    @Test
    void refusesNonJsonAndNonObjects() {
        assertThat(problems("{\"id\": ")).singleElement().asString().startsWith("not valid JSON");
        assertThat(problems("[1]")).containsExactly("$: must be a JSON object");
    }

    @Test
    void theErrorMessageListsTheProblems() {
        assertThatThrownBy(() -> CODEC.parse(def("[]", "[]").replace("\"name\": \"n\",", "")))
                .isInstanceOf(DevRigException.class)
                .hasMessageContaining("invalid workflow definition: 1 problem: $.name: required");
    }
}
