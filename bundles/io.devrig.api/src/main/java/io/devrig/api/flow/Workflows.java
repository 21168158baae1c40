package io.devrig.api.flow;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Stored workflows: one editable draft each and immutable published versions (seed
 * architecture §5.3, hardening PRD draft/publish). Published by the {@code io.devrig.flow}
 * bundle.
 *
 * <p>The draft is what the flow editor reads and writes, in one call each:
 * {@link #draft} returns the whole graph (nodes with positions, sizes, labels and
 * handles, edges with their handles, the viewport, and any editor fields DevRig does not
 * model) and {@link #saveDraft} stores it whole; both round-trip unchanged. Runs never
 * use a draft: they start on the latest published version and stay pinned to it.
 */
@ProviderType
public interface Workflows {

    /** Every workflow, newest change first. */
    List<WorkflowSummary> list();

    Optional<WorkflowSummary> get(String workflowId);

    /**
     * What starting a run needs to know, read cheaply (no definition is parsed, unlike
     * {@link #get}): empty for an unknown workflow.
     */
    default Optional<WorkflowState> state(String workflowId) {
        return get(workflowId).map(s -> new WorkflowState(s.id(), s.latestVersion(), s.enabled()));
    }

    /**
     * Saves a draft, creating the workflow when its id is unknown (an empty id gets a new
     * ULID). Validated as a draft: unknown action types are listed, not errors.
     */
    DraftSaveResult saveDraft(WorkflowDefinition draft);

    /** {@link #saveDraft} for JSON text; a definition that does not parse is not saved (its problems are the report's errors). */
    DraftSaveResult saveDraft(String json);

    /** The editable draft, empty when the workflow has none or is unknown. */
    Optional<WorkflowDefinition> draft(String workflowId);

    /**
     * Publishes the draft as version {@code latest + 1}, atomically: validated in full
     * (unknown action types are errors now), then stored, and only then the latest
     * version. Runs already started keep their version.
     *
     * @throws io.devrig.api.error.DevRigException {@code NOT_FOUND} for an unknown workflow
     *         or one without a draft; {@code INVALID_INPUT} (details {@code problems}) when
     *         the draft does not validate
     */
    WorkflowVersionInfo publish(String workflowId, String changeSummary);

    /** The published versions, oldest first. */
    List<WorkflowVersionInfo> versions(String workflowId);

    /** A published version, migrated to the current format; empty when absent. */
    Optional<WorkflowDefinition> version(String workflowId, int version);

    /** The latest published version; empty when never published. */
    Optional<WorkflowDefinition> latest(String workflowId);

    /** Enables or disables a workflow (a disabled one starts no runs). */
    WorkflowSummary setEnabled(String workflowId, boolean enabled);

    /** Deletes a workflow with its versions and runs. */
    boolean delete(String workflowId);
}
