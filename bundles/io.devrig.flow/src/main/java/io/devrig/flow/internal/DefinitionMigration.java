package io.devrig.flow.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One step of the definition migration chain (seed architecture §5.3, expand-contract):
 * rewrites a stored definition of schema version {@link #from()} in place into version
 * {@code from() + 1}. Steps run on the raw JSON tree before the strict read, so a step
 * only needs to know the shape of its two versions.
 */
public interface DefinitionMigration {

    /** The schema version this step reads. */
    int from();

    /**
     * Rewrites {@code root} into schema version {@code from() + 1}; problems that stop the
     * rewrite are added to {@code problems}, each with its JSON path.
     */
    void migrate(ObjectNode root, List<String> problems);
}
