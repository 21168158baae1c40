package io.devrig.common.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompiledSchemaTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The shape of data.transform's input: exactly one of three ways, nothing else. */
    static final CompiledSchema TRANSFORM = CompiledSchema.of("""
            {"type": "object", "additionalProperties": false, "required": ["source"],
             "properties": {"source": {}, "jsonPath": {"type": "string"}, "mapping": {"type": "object"},
                            "template": {"type": "string"}, "mode": {"enum": ["a", "b"]}, "n": {"type": "integer"}},
             "oneOf": [{"required": ["jsonPath"]}, {"required": ["mapping"]}, {"required": ["template"]}]}""");

    List<String> problems(String json) throws Exception {
        return TRANSFORM.problems(JSON.readTree(json), "$.config");
    }

    @Test
    void aMisspeltAlternativeIsOneLine() throws Exception {
        assertThat(problems("{\"source\": 1, \"jsonPth\": \"$.a\"}"))
                .containsExactly("$.config.jsonPth: unknown field (did you mean 'jsonPath'?)");
    }

    @Test
    void noAlternativeAtAllIsOneLine() throws Exception {
        assertThat(problems("{\"source\": 1}"))
                .containsExactly("$.config: needs exactly one of 'jsonPath', 'mapping', 'template'");
        assertThat(problems("{\"source\": 1, \"colour\": 2}")).containsExactly("$.config.colour: unknown field",
                "$.config: needs exactly one of 'jsonPath', 'mapping', 'template'");
    }

    @Test
    void requiredTypeAndEnumNameTheField() throws Exception {
        assertThat(problems("{\"template\": \"x\", \"mode\": \"c\", \"n\": \"1\"}")).containsExactlyInAnyOrder(
                "$.config.source: required", "$.config.mode: unknown value 'c' (known: a, b)",
                "$.config.n: must be an integer");
    }

    @Test
    void validIsEmptyAndABadSchemaIsRefused() throws Exception {
        assertThat(problems("{\"source\": null, \"mapping\": {}}")).isEmpty();
        assertThatThrownBy(() -> CompiledSchema.of("{not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompiledSchema.resource(getClass(), "/nope.json"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("missing");
    }
}
