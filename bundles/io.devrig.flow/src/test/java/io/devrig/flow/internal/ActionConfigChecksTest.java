package io.devrig.flow.internal;

import static io.devrig.flow.internal.Fixtures.CODEC;
import static io.devrig.flow.internal.Fixtures.TEMPLATES;
import static io.devrig.flow.internal.Fixtures.VALIDATOR;
import static io.devrig.flow.internal.Fixtures.def;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.action.data.internal.TransformAction;
import io.devrig.action.internal.ActionRegistryImpl;
import io.devrig.api.flow.WorkflowDefinition;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Config problems of a real action (data.transform) as the real action registry reports them. */
class ActionConfigChecksTest {

    private final ActionRegistryImpl registry = new ActionRegistryImpl(TEMPLATES, () -> null);

    ActionConfigChecksTest() {
        registry.addExecutor(new TransformAction(TEMPLATES), null, null, 0, 1, "test");
    }

    @AfterEach
    void close() {
        registry.close();
    }

    private List<String> errors(String config) {
        WorkflowDefinition d = CODEC.parse(def("""
                [{"id": "t", "type": "action", "actionType": "data.transform", "position": {"x": 0, "y": 0},
                  "config": %s}]""".formatted(config), "[]"));
        return ActionConfigChecks.add(VALIDATOR.validate(d, false, registry::has), d, registry).errors();
    }

    @Test
    void aMisspeltConfigFieldIsOneProblem() {
        // the registry says it in five lines: oneOf, three "required property" branches, the extra property
        assertThat(registry.validateConfig("data.transform", java.util.Map.of("source", 1, "jsonPth", "$.a")))
                .hasSize(5);
        assertThat(errors("{\"source\": {\"a\": 1}, \"jsonPth\": \"$.a\"}"))
                .containsExactly("$.nodes[0].config.jsonPth: unknown field (did you mean 'jsonPath'?)");
    }

    @Test
    void noneOfTheAlternativesIsOneProblem() {
        assertThat(errors("{\"source\": 1}"))
                .containsExactly("$.nodes[0].config: needs exactly one of 'jsonPath', 'mapping', 'template'");
        assertThat(errors("{\"source\": 1, \"colour\": 2}")).containsExactly(
                "$.nodes[0].config: needs exactly one of 'jsonPath', 'mapping', 'template'",
                "$.nodes[0].config.colour: unknown field");
    }

    @Test
    void otherProblemsPassUnchanged() {
        assertThat(errors("{\"source\": 1, \"jsonPath\": \"$.a\"}")).isEmpty();
        assertThat(ActionConfigChecks.oneLinePerMistake(List.of("$.n: must have a minimum value of 1", "odd")))
                .containsExactly("$.n: must have a minimum value of 1", "odd");
    }
}
