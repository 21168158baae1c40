package io.devrig.shell.internal;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.DraftSaveResult;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowSummary;
import io.devrig.api.flow.WorkflowVersionInfo;
import io.devrig.api.flow.Workflows;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link Workflows} as its Javadoc describes it: a draft and immutable
 * versions per workflow, drafts validated as drafts, publishing validated in full.
 */
final class FakeWorkflows implements Workflows {

    final FakeWorkflowDefinitions definitions;
    private final Map<String, WorkflowSummary> summaries = new LinkedHashMap<>();
    private final Map<String, WorkflowDefinition> drafts = new HashMap<>();
    private final Map<String, List<WorkflowDefinition>> versions = new HashMap<>();
    private final Map<String, List<WorkflowVersionInfo>> infos = new HashMap<>();
    private int newIds;
    private int clock;
    private DevRigException failure;
    final List<String> publishSummaries = new ArrayList<>();

    FakeWorkflows(FakeWorkflowDefinitions definitions) {
        this.definitions = definitions;
    }

    /** Every call fails with {@code e}. */
    FakeWorkflows failWith(DevRigException e) {
        failure = e;
        return this;
    }

    // one second later at each change: "newest change first" is then testable
    private String now() {
        return String.format("2026-11-23T08:%02d:%02dZ", clock / 60, clock++ % 60);
    }

    private void check() {
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public List<WorkflowSummary> list() {
        check();
        List<WorkflowSummary> all = new ArrayList<>(summaries.values());
        all.sort(Comparator.comparing(WorkflowSummary::updatedAt).reversed());
        return all;
    }

    @Override
    public Optional<WorkflowSummary> get(String workflowId) {
        check();
        return Optional.ofNullable(summaries.get(workflowId));
    }

    @Override
    public DraftSaveResult saveDraft(WorkflowDefinition draft) {
        check();
        ValidationReport report = definitions.validate(draft, true);
        if (!report.valid()) {
            return new DraftSaveResult(false, false, draft, report);
        }
        String id = draft.id() == null || draft.id().isEmpty() ? "01NEW" + (++newIds) : draft.id();
        WorkflowSummary before = summaries.get(id);
        String now = now();
        WorkflowDefinition stored = new WorkflowDefinition(draft.schemaVersion(), id, draft.version(), draft.name(),
                draft.description(), draft.trigger(), draft.entryConditions(), draft.nodes(), draft.edges(),
                draft.settings(), draft.metadata(), before == null ? now : before.createdAt(), now, draft.viewport(),
                draft.editor());
        drafts.put(id, stored);
        int latest = before == null ? 0 : before.latestVersion();
        boolean changed = latest == 0 || !sameGraph(latest(id).orElseThrow(), stored);
        summaries.put(id, new WorkflowSummary(id, stored.name(), stored.description(), latest,
                before == null || before.enabled(), true, changed, stored.createdAt(), now));
        return new DraftSaveResult(true, before == null, stored, report);
    }

    private static boolean sameGraph(WorkflowDefinition a, WorkflowDefinition b) {
        return a.nodes().equals(b.nodes()) && a.edges().equals(b.edges()) && a.name().equals(b.name());
    }

    @Override
    public DraftSaveResult saveDraft(String json) {
        check();
        WorkflowDefinition parsed;
        try {
            parsed = definitions.parse(json);
        } catch (DevRigException e) {
            return new DraftSaveResult(false, false, null, new ValidationReport(FlowText.problems(e), List.of(), List.of()));
        }
        return saveDraft(parsed);
    }

    @Override
    public Optional<WorkflowDefinition> draft(String workflowId) {
        check();
        return Optional.ofNullable(drafts.get(workflowId));
    }

    @Override
    public WorkflowVersionInfo publish(String workflowId, String changeSummary) {
        check();
        WorkflowSummary w = summaries.get(workflowId);
        if (w == null) {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no workflow with id '" + workflowId + "'");
        }
        WorkflowDefinition draft = drafts.get(workflowId);
        if (draft == null) {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "workflow " + workflowId + " has no draft");
        }
        ValidationReport report = definitions.validate(draft, false);
        if (!report.valid()) {
            throw FakeWorkflowDefinitions.invalid("the draft of workflow " + workflowId + " is not valid", report.errors());
        }
        int version = w.latestVersion() + 1;
        String now = now();
        WorkflowDefinition published = new WorkflowDefinition(draft.schemaVersion(), workflowId, version, draft.name(),
                draft.description(), draft.trigger(), draft.entryConditions(), draft.nodes(), draft.edges(),
                draft.settings(), draft.metadata(), draft.createdAt(), now, draft.viewport(), draft.editor());
        versions.computeIfAbsent(workflowId, k -> new ArrayList<>()).add(published);
        WorkflowVersionInfo info = new WorkflowVersionInfo(workflowId, version, changeSummary, now);
        infos.computeIfAbsent(workflowId, k -> new ArrayList<>()).add(info);
        publishSummaries.add(changeSummary);
        summaries.put(workflowId, new WorkflowSummary(workflowId, w.name(), w.description(), version, w.enabled(),
                w.hasDraft(), false, w.createdAt(), now));
        return info;
    }

    @Override
    public List<WorkflowVersionInfo> versions(String workflowId) {
        check();
        return List.copyOf(infos.getOrDefault(workflowId, List.of()));
    }

    @Override
    public Optional<WorkflowDefinition> version(String workflowId, int version) {
        check();
        return versions.getOrDefault(workflowId, List.of()).stream().filter(d -> d.version() == version).findFirst();
    }

    @Override
    public Optional<WorkflowDefinition> latest(String workflowId) {
        check();
        List<WorkflowDefinition> all = versions.getOrDefault(workflowId, List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public WorkflowSummary setEnabled(String workflowId, boolean enabled) {
        check();
        WorkflowSummary w = summaries.get(workflowId);
        if (w == null) {
            throw new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, "no workflow with id '" + workflowId + "'");
        }
        WorkflowSummary changed = new WorkflowSummary(w.id(), w.name(), w.description(), w.latestVersion(), enabled,
                w.hasDraft(), w.draftChanged(), w.createdAt(), now());
        summaries.put(workflowId, changed);
        return changed;
    }

    @Override
    public boolean delete(String workflowId) {
        check();
        drafts.remove(workflowId);
        versions.remove(workflowId);
        infos.remove(workflowId);
        return summaries.remove(workflowId) != null;
    }
}
