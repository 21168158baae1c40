package io.devrig.common.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import io.devrig.common.json.JsonPathText;
import com.networknt.schema.path.NodePath;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates JSON against a JSON Schema (draft 2020-12 unless the schema names another) and
 * reports each problem as {@code <JSON path>: <message>}. The registry's default loader
 * reads only the meta-schemas bundled with the validator: a {@code $ref} to a URL is
 * never fetched.
 */
public final class SchemaProblems {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);

    private SchemaProblems() {
    }

    /**
     * Every problem of {@code instance} against {@code schemaJson}; empty when it is valid.
     *
     * @param root the JSON path of {@code instance} in what the user wrote ({@code $}, or e.g.
     *        {@code $.config}), so the paths point where the user has to look
     * @throws IllegalArgumentException when the schema cannot be used (not JSON, not a schema)
     */
    public static List<String> problems(String schemaJson, JsonNode instance, String root) {
        Schema schema;
        try {
            schema = REGISTRY.getSchema(schemaJson);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the schema cannot be used: " + e.getMessage(), e);
        }
        List<String> problems = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            String location = String.valueOf(error.getInstanceLocation());
            String message = error.getMessage();
            if (message.startsWith(location)) {
                message = message.substring(location.length()).replaceFirst("^:?\\s*", "");
            }
            problems.add(path(root, error.getInstanceLocation()) + ": " + message);
        }
        return problems;
    }

    /** {@code root} followed by the steps of {@code location}, in the one error-path format ({@link JsonPathText}). */
    static String path(String root, NodePath location) {
        String path = root;
        if (location != null) {
            for (int i = 0; i < location.getNameCount(); i++) {
                Object step = location.getElement(i);
                path = step instanceof Integer index ? JsonPathText.index(path, index)
                        : JsonPathText.key(path, String.valueOf(step));
            }
        }
        return path;
    }
}
