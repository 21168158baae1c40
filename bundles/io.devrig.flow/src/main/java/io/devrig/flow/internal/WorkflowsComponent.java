package io.devrig.flow.internal;

import io.devrig.api.action.ActionRegistry;
import io.devrig.api.flow.DraftSaveResult;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.WorkflowParticipant;
import io.devrig.api.flow.WorkflowSummary;
import io.devrig.api.flow.WorkflowVersionInfo;
import io.devrig.api.flow.Workflows;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Publishes {@link Workflows}: a {@link WorkflowStore} over the database, this bundle's
 * {@link WorkflowDefinitions} service and the action registry (action types, config
 * validation and migration). All three are static: when one goes, the component is
 * deactivated, so no object of a departed action bundle is kept.
 */
@Component(service = Workflows.class)
public final class WorkflowsComponent implements Workflows {

    private final WorkflowStore store;
    /** Whiteboard: the bundles that keep their tables in step with workflows (the trigger manager). */
    private final List<WorkflowParticipant> participants = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public WorkflowsComponent(@Reference Database db, @Reference WorkflowDefinitions definitions,
            @Reference ActionRegistry actions) {
        this.store = new WorkflowStore(db, definitions, actions, DevRigClock.system(), () -> participants);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addParticipant(WorkflowParticipant participant) {
        participants.add(participant);
    }

    void removeParticipant(WorkflowParticipant participant) {
        participants.remove(participant);
    }

    @Override
    public List<WorkflowSummary> list() {
        return store.list();
    }

    @Override
    public Optional<io.devrig.api.flow.WorkflowState> state(String workflowId) {
        return store.state(workflowId);
    }

    @Override
    public Optional<WorkflowSummary> get(String workflowId) {
        return store.get(workflowId);
    }

    @Override
    public DraftSaveResult saveDraft(WorkflowDefinition draft) {
        return store.saveDraft(draft);
    }

    @Override
    public DraftSaveResult saveDraft(String json) {
        return store.saveDraft(json);
    }

    @Override
    public Optional<WorkflowDefinition> draft(String workflowId) {
        return store.draft(workflowId);
    }

    @Override
    public WorkflowVersionInfo publish(String workflowId, String changeSummary) {
        return store.publish(workflowId, changeSummary);
    }

    @Override
    public List<WorkflowVersionInfo> versions(String workflowId) {
        return store.versions(workflowId);
    }

    @Override
    public Optional<WorkflowDefinition> version(String workflowId, int version) {
        return store.version(workflowId, version);
    }

    @Override
    public Optional<WorkflowDefinition> latest(String workflowId) {
        return store.latest(workflowId);
    }

    @Override
    public WorkflowSummary setEnabled(String workflowId, boolean enabled) {
        return store.setEnabled(workflowId, enabled);
    }

    @Override
    public boolean delete(String workflowId) {
        return store.delete(workflowId);
    }
}
