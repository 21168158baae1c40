package io.devrig.api.flow;

import io.devrig.api.store.SqlHandle;
import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A core bundle that keeps its own tables in step with workflows (the trigger manager and
 * its {@code triggers} rows), published as a service. The workflow store calls every
 * participant inside its own write transaction, so a version and what a participant derives
 * from it commit together or not at all; a participant that throws a
 * {@link io.devrig.api.error.DevRigException} refuses the change (the transaction rolls
 * back and the caller gets the exception). Work outside the database (starting or stopping
 * handlers) belongs in {@link SqlHandle#afterCommit}. Participants must not call back into
 * {@link Workflows} from these methods.
 */
@ConsumerType
public interface WorkflowParticipant {

    /**
     * Problems this participant finds in a definition about to be published (or validated),
     * each starting with its JSON path ({@code $.trigger.expression: ...}); they join the
     * validation report, and a publish with any of them is refused.
     */
    default List<String> validate(WorkflowDefinition definition) {
        return List.of();
    }

    /** A version was published: {@code definition} carries its id and version. */
    default void published(SqlHandle h, WorkflowDefinition definition) {
    }

    /** A workflow was enabled or disabled. */
    default void enabledChanged(SqlHandle h, String workflowId, boolean enabled) {
    }

    /** A workflow is about to be deleted with its versions. */
    default void deleted(SqlHandle h, String workflowId) {
    }
}
