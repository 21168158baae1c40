package io.devrig.common.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class SchemaProblemsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SCHEMA = """
            {"type": "object", "additionalProperties": false,
             "properties": {"roots": {"type": "array", "items": {"type": "string"}},
                            "maxDepth": {"type": "integer", "minimum": 1}}}""";

    @Test
    void validJsonHasNoProblems() throws Exception {
        assertThat(SchemaProblems.problems(SCHEMA, JSON.readTree("{\"roots\": [\"/a\"], \"maxDepth\": 2}"), "$")).isEmpty();
    }

    @Test
    void problemsNameThePathUnderTheGivenRoot() throws Exception {
        var problems = SchemaProblems.problems(SCHEMA, JSON.readTree("{\"roots\": [\"/a\", 5], \"maxDepth\": 0}"),
                "$.config");
        assertThat(problems).hasSize(2);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("$.config.roots[1]: ").contains("string"));
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("$.config.maxDepth: ").contains("1"));
        assertThat(SchemaProblems.problems(SCHEMA, JSON.readTree("{\"other\": 1}"), "$"))
                .singleElement().satisfies(p -> assertThat(p).startsWith("$: ").contains("other"));
    }

    @Test
    void anUnusableSchemaIsRefused() {
        assertThatThrownBy(() -> SchemaProblems.problems("{not json", JSON.readTree("{}"), "$"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the schema cannot be used");
    }
}
