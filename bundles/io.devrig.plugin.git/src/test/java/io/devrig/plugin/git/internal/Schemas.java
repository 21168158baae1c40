package io.devrig.plugin.git.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.common.schema.CompiledSchema;

/** Checks an action's output against its output schema in plugin.json, as the registry does. */
final class Schemas {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Schemas() {
    }

    static void assertMatches(String schema, Object output) {
        CompiledSchema compiled = CompiledSchema.resource(Schemas.class, "/OSGI-INF/devrig/" + schema);
        assertThat(compiled.problems(JSON.valueToTree(output), "$")).as(schema).isEmpty();
    }
}
