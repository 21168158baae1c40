package io.devrig.flow.internal;

import static io.devrig.flow.internal.Fixtures.CODEC;
import static io.devrig.flow.internal.Fixtures.FULL;
import static io.devrig.flow.internal.Fixtures.action;
import static io.devrig.flow.internal.Fixtures.def;
import static org.assertj.core.api.Assertions.assertThat;

import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowTrigger;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trigger of a definition: one flat JSON object read into a typed {@link WorkflowTrigger}. */
class WorkflowTriggerCodecTest {

    @Test
    void typeAndFieldsAreSeparated() {
        WorkflowTrigger t = CODEC.parse(FULL).trigger();
        assertThat(t.type()).isEqualTo("webhook");
        assertThat(t.config()).isEqualTo(Map.of("source", "github"));
        assertThat(CODEC.toJson(CODEC.parse(FULL))).contains("\"trigger\":{\"type\":\"webhook\",\"source\":\"github\"}");
    }

    @Test
    void noTriggerIsManualAndStaysOutOfTheExport() {
        WorkflowDefinition d = CODEC.parse(def("[" + action("a", "t") + "]", "[]"));
        assertThat(d.trigger()).isEqualTo(WorkflowTrigger.manual());
        assertThat(CODEC.toJson(d)).doesNotContain("trigger");
    }

    @Test
    void aTriggerWithoutTypeIsManualWithItsFields() {
        String json = def("[" + action("a", "t") + "]", "[]").replace("\"nodes\"",
                "\"trigger\": {\"inputSchema\": {\"type\": \"object\"}}, \"nodes\"");
        WorkflowTrigger t = CODEC.parse(json).trigger();
        assertThat(t.type()).isEqualTo(WorkflowTrigger.MANUAL);
        assertThat(t.inputSchema()).isEqualTo(Map.of("type", "object"));
    }

    @Test
    void aTypeThatIsNoNameIsAProblem() {
        String json = def("[" + action("a", "t") + "]", "[]").replace("\"nodes\"",
                "\"trigger\": {\"type\": 7}, \"nodes\"");
        assertThat(DefinitionCodecTest.problems(json)).containsExactly("$.trigger.type: must be a string");
        assertThat(DefinitionCodecTest.problems(json.replace("7", "\" \""))).containsExactly("$.trigger.type: must not be blank");
    }
}
