package io.devrig.action.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import io.devrig.common.cache.BoundedCache;
import io.devrig.common.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON Schema validation of action inputs, outputs and configs with networknt's validator
 * (draft 2020-12 unless a schema names another). Schemas are compiled once per action type
 * and schema text and kept in a bounded cache. The registry's default loader only reads
 * the meta-schemas bundled with the validator: a {@code $ref} to a URL is never fetched.
 */
final class SchemaCheck {

    /** One problem: where (steps from the root, {@code String} keys and {@code Integer} indices) and what. */
    record Problem(List<Object> steps, String message) {

        /** {@code <JSON path>: <message>}. */
        String text() {
            return Location.format(steps) + ": " + message;
        }

        /** Whether this problem is at or below {@code prefix}. */
        boolean within(List<Object> prefix) {
            return steps.size() >= prefix.size() && steps.subList(0, prefix.size()).equals(prefix);
        }
    }

    /** The schema of a type cannot be used (not JSON, or not a schema the validator accepts). */
    static final class BadSchemaException extends Exception {
        private static final long serialVersionUID = 1L;

        BadSchemaException(String message) {
            super(message);
        }
    }

    private record Key(String type, String schema) {
    }

    /** A compiled schema, or why the text could not be compiled (kept so it is not retried per call). */
    private record Compiled(Schema schema, String failure) {
    }

    private static final int MAX_MESSAGE = 300;

    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final BoundedCache<Key, Compiled> cache = new BoundedCache<>(1000);

    /**
     * Every problem of {@code instance} against {@code schemaText}; empty when valid.
     *
     * @throws BadSchemaException when the schema itself cannot be used
     */
    List<Problem> check(String type, String schemaText, JsonNode instance) throws BadSchemaException {
        Compiled compiled = cache.get(new Key(type, schemaText), this::compile);
        if (compiled.failure() != null) {
            throw new BadSchemaException(compiled.failure());
        }
        List<com.networknt.schema.Error> errors;
        try {
            errors = compiled.schema().validate(instance);
        } catch (RuntimeException e) {
            // e.g. a $ref the validator cannot load: the schema's fault, not the input's
            throw new BadSchemaException(bounded(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        List<Problem> problems = new ArrayList<>(errors.size());
        for (com.networknt.schema.Error error : errors) {
            problems.add(new Problem(steps(error.getInstanceLocation()), error.getMessage()));
        }
        return problems;
    }

    private Compiled compile(Key key) {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(key.schema()); // first, so that text that is not JSON is not logged as an error
        } catch (IOException | RuntimeException e) {
            return new Compiled(null, bounded("not JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())));
        }
        try {
            return new Compiled(registry.getSchema(tree), null);
        } catch (RuntimeException e) {
            return new Compiled(null, bounded(e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
    }

    private static List<Object> steps(NodePath path) {
        List<Object> steps = new ArrayList<>();
        if (path != null) {
            for (int i = 0; i < path.getNameCount(); i++) {
                Object element = path.getElement(i);
                steps.add(element instanceof Integer ? element : String.valueOf(element));
            }
        }
        return steps;
    }

    private static String bounded(String text) {
        String oneLine = text.replace('\n', ' ').replace('\r', ' ');
        return oneLine.length() > MAX_MESSAGE ? oneLine.substring(0, MAX_MESSAGE) + "…" : oneLine;
    }
}
