package io.devrig.flow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.flow.WorkflowDefinition;
import java.util.List;

/** The migration chain from the oldest schema version to {@link WorkflowDefinition#SCHEMA_VERSION}. */
final class Migrations {

    /** Index i holds the step from version i; its size is the current schema version. */
    static final List<DefinitionMigration> CHAIN = List.of(new V0EdgeEndpoints(), new V1RetryPolicies());

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

    /**
     * Schema 0 → 1: edges named their ends {@code from}/{@code to}, or, in the seed's own
     * spelling (seed architecture §5.2), {@code sourceNodeId}/{@code targetNodeId}; now
     * {@code source}/{@code target}. A definition written without {@code schemaVersion} is
     * schema 0, so the seed's JSON imports as it is.
     */
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
                    String path = "$.edges[" + i + "]";
                    rename(edge, "from", "source", path, problems);
                    rename(edge, "to", "target", path, problems);
                    rename(edge, "sourceNodeId", "source", path, problems);
                    rename(edge, "targetNodeId", "target", path, problems);
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

    /**
     * Schema 1 → 2: retry policies took the one retry type of DevRig (seed §15.2).
     * {@code initialDelayMs} becomes {@code baseDelayMs}; {@code backoffMultiplier} 1 becomes
     * {@code "strategy": "fixed"}, any other multiplier {@code "exponential"} (doubling: the
     * one growth the type knows); {@code jitter} is false and {@code retryOn} lists every
     * category schema 1 retried (transient, resource, timeout, plugin), so a stored policy
     * keeps retrying what it retried before.
     */
    static final class V1RetryPolicies implements DefinitionMigration {

        @Override
        public int from() {
            return 1;
        }

        @Override
        public void migrate(ObjectNode root, List<String> problems) {
            if (root.get("settings") instanceof ObjectNode settings) {
                rewrite(settings.get("retryPolicy"), "$.settings.retryPolicy", problems);
            }
            JsonNode nodes = root.get("nodes");
            if (nodes != null && nodes.isArray()) {
                for (int i = 0; i < nodes.size(); i++) {
                    rewrite(nodes.get(i).get("retryPolicy"), "$.nodes[" + i + "].retryPolicy", problems);
                }
            }
        }

        private static void rewrite(JsonNode policy, String path, List<String> problems) {
            if (!(policy instanceof ObjectNode p) || p.has("strategy") || p.has("baseDelayMs")) {
                return; // absent, the strict read's to report, or already in the new shape
            }
            JsonNode multiplier = p.remove("backoffMultiplier");
            if (multiplier != null && !multiplier.isNumber()) {
                problems.add(path + ".backoffMultiplier: must be a number");
                return;
            }
            JsonNode initial = p.remove("initialDelayMs");
            if (initial != null) {
                p.set("baseDelayMs", initial);
            }
            p.put("strategy", multiplier != null && multiplier.doubleValue() == 1.0 ? "fixed" : "exponential");
            p.put("jitter", false);
            p.putArray("retryOn").add("transient").add("resource").add("timeout").add("plugin");
        }
    }
}
