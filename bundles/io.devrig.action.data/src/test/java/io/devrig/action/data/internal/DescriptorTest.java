package io.devrig.action.data.internal;

import static io.devrig.action.data.internal.TestSupport.CONDITIONS;
import static io.devrig.action.data.internal.TestSupport.CONTEXT;
import static io.devrig.action.data.internal.TestSupport.TEMPLATES;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionExecutor;
import io.devrig.common.json.Json;
import io.devrig.testing.TestJson;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The descriptors, and their schemas checked with the validator the action registry uses. */
class DescriptorTest {

    static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    static final TransformAction TRANSFORM = new TransformAction(TEMPLATES);
    static final FilterAction FILTER = new FilterAction(CONDITIONS);
    static final AggregateAction AGGREGATE = new AggregateAction();

    static final String OPEN = """
            {"type": "compare", "left": {"type": "context", "path": "item.status"},
             "operator": "eq", "right": {"type": "literal", "value": "open"}}""";

    static Stream<ActionExecutor> executors() {
        return Stream.of(TRANSFORM, FILTER, AGGREGATE);
    }

    static JsonNode tree(String json) {
        return Json.readTree(json);
    }

    static List<String> problems(String schema, String instance) {
        return REGISTRY.getSchema(schema).validate(tree(instance)).stream()
                .map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
    }

    @Test
    void descriptorsSayWhatTheActionsAre() {
        assertThat(executors().map(e -> e.descriptor().type()))
                .containsExactly("data.transform", "data.filter", "data.aggregate");
        executors().map(ActionExecutor::descriptor).forEach(d -> {
            assertThat(d.category()).isEqualTo("data");
            assertThat(d.sideEffects()).isFalse();
            assertThat(d.configVersion()).isEqualTo(1);
            assertThat(d.name()).isNotBlank().isNotEqualTo(d.type());
            assertThat(d.description()).isNotBlank();
        });
        // loaded once: the same descriptor object for every instance
        assertThat(new AggregateAction().descriptor()).isSameAs(AGGREGATE.descriptor());
    }

    @ParameterizedTest
    @MethodSource("executors")
    void schemasAreValidDraft202012(ActionExecutor executor) {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        ActionDescriptor d = executor.descriptor();
        for (String schema : List.of(d.inputSchema(), d.outputSchema())) {
            JsonNode node = tree(schema);
            assertThat(node.isObject()).isTrue();
            assertThat(node.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            List<Error> errors = meta.validate(node);
            assertThat(errors).as(d.type()).isEmpty();
        }
    }

    @Test
    void theMetaSchemaCheckCatchesABrokenSchema() {
        Schema meta = REGISTRY.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        assertThat(meta.validate(tree("{\"type\": \"objekt\", \"required\": \"a\"}"))).hasSizeGreaterThanOrEqualTo(2);
    }

    static Stream<Arguments> validInputs() {
        return Stream.of(
                Arguments.of(TRANSFORM, "{\"source\": {\"a\": [1, 2]}, \"jsonPath\": \"$.a[?(@ > 1)]\"}"),
                Arguments.of(TRANSFORM, "{\"source\": null, \"jsonPath\": \"$.a\"}"),
                Arguments.of(TRANSFORM, "{\"source\": [1], \"mapping\": {\"first\": \"$[0]\", \"all\": \"$[*]\"}}"),
                Arguments.of(TRANSFORM, "{\"source\": {\"name\": \"Ada\"}, \"template\": \"Hello {{name}}\"}"),
                Arguments.of(FILTER, "{\"items\": [{\"status\": \"open\"}], \"condition\": " + OPEN + "}"),
                Arguments.of(FILTER, "{\"items\": [], \"condition\": " + OPEN.replace("item.", "pr.")
                        + ", \"as\": \"pr\"}"),
                Arguments.of(AGGREGATE, "{\"items\": [{\"v\": 1}], \"operations\": [{\"op\": \"count\", \"as\": \"n\"},"
                        + " {\"op\": \"sum\", \"field\": \"v\", \"as\": \"s\"}]}"),
                Arguments.of(AGGREGATE, "{\"items\": [], \"groupBy\": \"a.0.b\", \"operations\":"
                        + " [{\"op\": \"max\", \"field\": \"v\", \"as\": \"m\"}]}"));
    }

    @ParameterizedTest
    @MethodSource("validInputs")
    void sampleInputsValidateAndTheirOutputsToo(ActionExecutor executor, String input) throws Exception {
        ActionDescriptor d = executor.descriptor();
        assertThat(problems(d.inputSchema(), input)).isEmpty();
        Object output = executor.execute(TestJson.plain(input), CONTEXT);
        assertThat(problems(d.outputSchema(), TestJson.write(output))).as(TestJson.write(output)).isEmpty();
    }

    static Stream<Arguments> invalidInputs() {
        return Stream.of(
                Arguments.of(TRANSFORM, "{\"jsonPath\": \"$\"}", "source"),
                Arguments.of(TRANSFORM, "{\"source\": 1}", "one and only one schema, but 0"),
                Arguments.of(TRANSFORM, "{\"source\": 1, \"jsonPath\": \"$\", \"template\": \"x\"}",
                        "one and only one schema, but 2"),
                Arguments.of(TRANSFORM, "{\"source\": 1, \"jsonPath\": \"\"}", "/jsonPath"),
                Arguments.of(TRANSFORM, "{\"source\": 1, \"mapping\": {}}", "/mapping"),
                Arguments.of(TRANSFORM, "{\"source\": 1, \"mapping\": {\"a\": 1}}", "/mapping/a"),
                Arguments.of(TRANSFORM, "{\"source\": 1, \"jsonPath\": \"$\", \"extra\": 1}", "extra"),
                Arguments.of(FILTER, "{\"items\": {}, \"condition\": {}}", "/items"),
                Arguments.of(FILTER, "{\"items\": [], \"condition\": \"x\"}", "/condition"),
                Arguments.of(FILTER, "{\"items\": []}", "condition"),
                Arguments.of(FILTER, "{\"items\": [], \"condition\": {}, \"as\": \"index\"}", "/as"),
                Arguments.of(FILTER, "{\"items\": [], \"condition\": {}, \"as\": \"a.b\"}", "/as"),
                Arguments.of(AGGREGATE, "{\"items\": [], \"operations\": []}", "/operations"),
                Arguments.of(AGGREGATE, "{\"items\": [], \"operations\": [{\"op\": \"median\", \"as\": \"m\"}]}",
                        "/operations/0/op"),
                Arguments.of(AGGREGATE, "{\"items\": [], \"operations\": [{\"op\": \"sum\", \"as\": \"s\"}]}",
                        "field"),
                Arguments.of(AGGREGATE, "{\"items\": [], \"operations\": [{\"op\": \"count\", \"as\": \"n\"}],"
                        + " \"groupBy\": \"a..b\"}", "/groupBy"),
                Arguments.of(AGGREGATE, "{\"items\": [], \"operations\": [{\"op\": \"count\"}]}", "as"));
    }

    @ParameterizedTest
    @MethodSource("invalidInputs")
    void badInputsAreRefusedByTheSchema(ActionExecutor executor, String input, String mentioned) {
        List<String> problems = problems(executor.descriptor().inputSchema(), input);
        assertThat(problems).isNotEmpty();
        assertThat(String.join("\n", problems)).contains(mentioned);
    }

    @Test
    void theSchemasArrayLimitMatchesTheCode() {
        for (ActionExecutor e : List.of(FILTER, AGGREGATE)) {
            assertThat(tree(e.descriptor().inputSchema()).at("/properties/items/maxItems").asInt())
                    .isEqualTo(Inputs.MAX_ARRAY_ELEMENTS);
        }
        assertThat(tree(TRANSFORM.descriptor().inputSchema()).at("/properties/jsonPath/maxLength").asInt())
                .isEqualTo(TransformAction.MAX_EXPRESSION_CHARS);
        assertThat(tree(AGGREGATE.descriptor().inputSchema()).at("/properties/operations/maxItems").asInt())
                .isEqualTo(AggregateAction.MAX_OPERATIONS);
    }

    @Test
    void groupedAggregateOutputValidates() {
        Object output = AGGREGATE.execute(Map.of("items", TestJson.plain("[{\"g\": 1}, {\"g\": 2}]"),
                "operations", TestJson.plain("[{\"op\": \"count\", \"as\": \"n\"}]"), "groupBy", "g"), CONTEXT);
        assertThat(problems(AGGREGATE.descriptor().outputSchema(), TestJson.write(output))).isEmpty();
        assertThat(problems(AGGREGATE.descriptor().outputSchema(), "{\"groups\": [], \"result\": {}}")).isNotEmpty();
    }
}
