package io.devrig.plugin.internal.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks plugin settings against the plugin's settings schema (JSON Schema, draft
 * 2020-12 unless the schema names another). The registry's default loader reads only
 * bundled meta-schemas: a {@code $ref} to a remote URL is never fetched.
 */
final class SettingsValidator {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private SettingsValidator() {
    }

    /** Every problem as {@code <json path>: <message>}; empty when the settings are valid. */
    static List<String> validate(String schemaJson, JsonNode settings) {
        Schema schema = REGISTRY.getSchema(schemaJson);
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(settings)) {
            String location = String.valueOf(error.getInstanceLocation());
            String message = error.getMessage();
            problems.add(message.startsWith(location) ? message : location + ": " + message);
        }
        return problems;
    }
}
