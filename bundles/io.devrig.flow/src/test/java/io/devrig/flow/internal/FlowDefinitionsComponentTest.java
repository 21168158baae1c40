package io.devrig.flow.internal;

import static io.devrig.flow.internal.Fixtures.FULL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowDefinitions;
import org.junit.jupiter.api.Test;

class FlowDefinitionsComponentTest {

    private final WorkflowDefinitions service = new FlowDefinitionsComponent(Fixtures.CONDITIONS, Fixtures.TEMPLATES);

    @Test
    void parsesWritesAndValidates() {
        WorkflowDefinition d = service.parse(FULL);
        assertThat(service.parse(service.toJson(d))).isEqualTo(d);
        assertThat(service.validate(d, false, "github.label"::equals).valid()).isTrue();
    }

    @Test
    void withoutARegistryEveryActionTypeIsMissing() {
        WorkflowDefinition d = service.parse(FULL);
        ValidationReport draft = service.validate(d, true);
        assertThat(draft.valid()).isTrue();
        assertThat(draft.missingActionTypes()).containsExactly("github.label");
        assertThat(service.validate(d, false).errors())
                .containsExactly("$.nodes[0].actionType: unknown action type 'github.label'");
    }

    @Test
    void withARegistryActionTypesAndNodeConfigsAreChecked() {
        FlowDefinitionsComponent withActions = new FlowDefinitionsComponent(Fixtures.CONDITIONS, Fixtures.TEMPLATES);
        TestActions actions = TestActions.standard();
        withActions.setActions(actions);
        String good = Fixtures.def("[" + Fixtures.action("a", "http.request").replace("\"config\": {}",
                "\"config\": {\"url\": \"https://example.org\"}") + "]", "[]");
        assertThat(withActions.validate(withActions.parse(good), false).errors()).isEmpty();
        String bad = Fixtures.def("[" + Fixtures.action("a", "http.request").replace("\"config\": {}",
                "\"config\": {\"method\": 5}") + "]", "[]");
        assertThat(withActions.validate(withActions.parse(bad), false).errors())
                .anyMatch(e -> e.startsWith("$.nodes[0].config") && e.contains("url"))
                .anyMatch(e -> e.startsWith("$.nodes[0].config.method"));
        // the registry goes away: back to knowing no action type
        withActions.unsetActions(actions);
        assertThat(withActions.validate(withActions.parse(good), false).errors())
                .containsExactly("$.nodes[0].actionType: unknown action type 'http.request'");
    }

    @Test
    void parseErrorsAreInvalidInput() {
        assertThatThrownBy(() -> service.parse("{}")).isInstanceOf(DevRigException.class)
                .hasMessageContaining("$.id: required");
    }
}
