package io.devrig.flow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.flow.WorkflowDefinition;
import java.util.List;

/** The migration chain from the oldest schema version to {@link WorkflowDefinition#SCHEMA_VERSION}. */
final class Migrations {

    /** Index i holds the step from version i; its size is the current schema version. */
    static final List<DefinitionMigration> CHAIN = List.of(new V0EdgeEndpoints());

    private Migrations() {
    }

    /**
     * Migrates {@code root} from its {@code schemaVersion} (absent: 0) to the current one.
     * Adds problems when the version is not an integer in range or a step fails.
     */
    static void apply(ObjectNode root, List<DefinitionMigration> chain, List<String> problems) {
        JsonNode v = root.get("schemaVersion");
        int version;
        if (v == null) {
            version = 0;
        } else if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add("$.schemaVersion: must be an integer");
            return;
        } else {
            version = v.intValue();
        }
        if (version < 0 || version > chain.size()) {
            problems.add("$.schemaVersion: " + version + " is not a known schema version (0 to " + chain.size() + ")");
            return;
        }
        for (int i = version; i < chain.size(); i++) {
            DefinitionMigration step = chain.get(i);
            if (step.from() != i) {
                throw new IllegalStateException("migration step " + i + " reads version " + step.from());
            }
            int before = problems.size();
            step.migrate(root, problems);
            if (problems.size() > before) {
                return;
            }
            root.put("schemaVersion", i + 1);
        }
    }

    /** Schema 0 → 1: edges named their ends {@code from}/{@code to}; now {@code source}/{@code target}. */
    static final class V0EdgeEndpoints implements DefinitionMigration {

        @Override
        public int from() {
            return 0;
        }

        @Override
        public void migrate(ObjectNode root, List<String> problems) {
            JsonNode edges = root.get("edges");
            if (edges == null || !edges.isArray()) {
                return; // the strict read reports a wrong type
            }
            for (int i = 0; i < edges.size(); i++) {
                if (edges.get(i) instanceof ObjectNode edge) {
                    rename(edge, "from", "source", "$.edges[" + i + "]", problems);
                    rename(edge, "to", "target", "$.edges[" + i + "]", problems);
                }
            }
        }

        private static void rename(ObjectNode edge, String old, String now, String path, List<String> problems) {
            if (!edge.has(old)) {
                return;
            }
            if (edge.has(now)) {
                problems.add(path + ": has both '" + old + "' (schema 0) and '" + now + "'");
                return;
            }
            // keep the field order: rebuild with the new name in the old place
            ObjectNode copy = edge.deepCopy();
            edge.removeAll();
            copy.fields().forEachRemaining(e -> edge.set(e.getKey().equals(old) ? now : e.getKey(), e.getValue()));
        }
    }
}
