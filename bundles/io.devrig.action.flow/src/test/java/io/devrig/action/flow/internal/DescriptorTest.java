package io.devrig.action.flow.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.devrig.action.flow.internal.TestActions.Failer;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionRegistry;
import io.devrig.common.json.Json;
import io.devrig.testing.TestActionContext;
import io.devrig.testing.TestJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The descriptors, and that the bundled schemas agree with what the code accepts and returns. */
class DescriptorTest {

    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private final TestRegistry registry = new TestRegistry();
    private final TestObjects<ActionRegistry> registryObjects = new TestObjects<>(registry.service);
    private final LoopActionComponent loop = new LoopActionComponent(registryObjects);
    private final DelayAction delay = new DelayAction();

    @AfterEach
    void stop() {
        loop.deactivate();
    }

    @Test
    void descriptorsAreFlowActionsWithoutSideEffects() throws Exception {
        for (ActionDescriptor d : List.of(delay.descriptor(), loop.descriptor())) {
            assertThat(d.category()).isEqualTo("flow");
            assertThat(d.sideEffects()).isFalse();
            assertThat(d.configVersion()).isEqualTo(1);
            assertThat(Json.readTree(d.inputSchema()).get("$schema").asText()).contains("2020-12");
            assertThat(Json.readTree(d.outputSchema()).get("type").asText()).isEqualTo("object");
        }
        assertThat(delay.descriptor().type()).isEqualTo("flow.delay");
        assertThat(loop.descriptor().type()).isEqualTo("flow.loop");
        // loaded once, not per call
        assertThat(delay.descriptor()).isSameAs(delay.descriptor());
        assertThat(loop.descriptor()).isSameAs(loop.descriptor());
        // described as data, in the format of a plugin's capabilities.actions, schemas named <id>.<role>.schema.json
        JsonNode declared = Json.MAPPER.readTree(getClass().getClassLoader().getResourceAsStream("OSGI-INF/devrig/actions.json"));
        assertThat(declared.get("actions")).allSatisfy(a -> {
            assertThat(a.get("inputSchema").asText()).isEqualTo(a.get("id").asText() + ".input.schema.json");
            assertThat(a.get("outputSchema").asText()).isEqualTo(a.get("id").asText() + ".output.schema.json");
        });
        assertThat(delay.descriptor().name()).isEqualTo("Delay");
        assertThat(loop.descriptor().description()).startsWith("Runs one action for every element");
    }

    @Test
    void delayInputSchemaAcceptsWhatTheCodeAccepts() {
        Schema schema = SCHEMAS.getSchema(delay.descriptor().inputSchema());
        assertThat(problems(schema, "{`ms`: 0}")).isEmpty();
        assertThat(problems(schema, "{`ms`: 3600000}")).isEmpty();
        assertThat(problems(schema, "{`until`: `2026-05-01T08:00:00Z`}")).isEmpty();
        assertThat(problems(schema, "{}")).isNotEmpty();
        assertThat(problems(schema, "{`ms`: 1, `until`: `2026-05-01T08:00:00Z`}")).isNotEmpty();
        assertThat(problems(schema, "{`ms`: -1}")).isNotEmpty();
        assertThat(problems(schema, "{`ms`: 3600001}")).isNotEmpty();
        assertThat(problems(schema, "{`ms`: `5`}")).isNotEmpty();
        assertThat(problems(schema, "{`ms`: 5, `x`: 1}")).isNotEmpty();
    }

    @Test
    void loopInputSchemaAcceptsWhatTheCodeAccepts() {
        Schema schema = SCHEMAS.getSchema(loop.descriptor().inputSchema());
        assertThat(problems(schema, "{`items`: [], `action`: {`type`: `http.request`}}")).isEmpty();
        assertThat(problems(schema, "{`items`: [1], `action`: {`type`: `a.b`, `config`: {`x`: 1}}, `concurrency`: 16,"
                + " `continueOnError`: true, `maxItems`: 10000, `vars`: {`k`: 1}}")).isEmpty();
        assertThat(problems(schema, "{`items`: [], `action`: {`type`: `flow.loop`}}")).isNotEmpty();
        assertThat(problems(schema, "{`items`: [], `action`: {`type`: `a.b`}, `concurrency`: 17}")).isNotEmpty();
        assertThat(problems(schema, "{`items`: [], `action`: {`type`: `a.b`}, `maxItems`: 10001}")).isNotEmpty();
        assertThat(problems(schema, "{`items`: [], `action`: {`type`: `a.b`}, `concurency`: 2}")).isNotEmpty();
        assertThat(problems(schema, "{`items`: []}")).isNotEmpty();
        assertThat(problems(schema, "{`items`: {}, `action`: {`type`: `a.b`}}")).isNotEmpty();
    }

    @Test
    void outputsMatchTheOutputSchemas() throws Exception {
        registry.add(new Failer(1));
        Object loopOutput = loop.execute(Map.of("items", List.of(0, 1, 2),
                "action", Map.of("type", "test.fail", "config", Map.of("i", "{{item}}")), "continueOnError", true),
                new TestActionContext());
        Object delayOutput = delay.execute(Map.of("ms", 1), new TestActionContext());

        assertThat(SCHEMAS.getSchema(loop.descriptor().outputSchema()).validate(Json.MAPPER.valueToTree(loopOutput)))
                .isEmpty();
        assertThat(SCHEMAS.getSchema(delay.descriptor().outputSchema()).validate(Json.MAPPER.valueToTree(delayOutput)))
                .isEmpty();
        assertThat(problems(SCHEMAS.getSchema(loop.descriptor().outputSchema()),
                "{`results`: [{`index`: 0, `output`: 1, `error`: {`code`: `X`}}], `succeeded`: 0, `failed`: 1}"))
                .isNotEmpty();
    }

    private static List<?> problems(Schema schema, String json) {
        return schema.validate(TestJson.quotedBy('`').readTree(json));
    }
}
