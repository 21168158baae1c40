package io.devrig.flow.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.devrig.api.action.ActionDescriptor;
import io.devrig.api.action.ActionRegistry;
import io.devrig.api.error.DevRigError;
import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCategory;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.flow.DraftSaveResult;
import io.devrig.api.flow.NodeType;
import io.devrig.api.flow.ValidationReport;
import io.devrig.api.flow.WorkflowDefinition;
import io.devrig.api.flow.WorkflowParticipant;
import io.devrig.api.flow.WorkflowDefinitions;
import io.devrig.api.flow.WorkflowNode;
import io.devrig.api.flow.WorkflowState;
import io.devrig.api.flow.WorkflowSummary;
import io.devrig.api.flow.WorkflowVersionInfo;
import io.devrig.api.flow.Workflows;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.store.Database;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.store.SqlWork;
import io.devrig.api.time.DevRigClock;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored workflows of {@link Workflows}: a draft per workflow (the {@code draft}
 * column of {@code workflows}) and immutable published versions ({@code workflow_versions}).
 *
 * <p>Stored JSON is never rewritten: older definition schema versions are migrated by the
 * codec on read, and node configs saved with an older config version of their action type
 * are passed through {@link ActionRegistry#migrateConfig} on read. Saving a draft and
 * publishing store configs migrated to the current version, so that they validate against
 * the current input schema.
 */
public final class WorkflowStore implements Workflows {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowStore.class);
    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper
    private static final int MAX_PROBLEMS_IN_MESSAGE = 10;

    private static final String SUMMARY_SELECT = """
            SELECT w.id, w.name, w.description, w.latest_version, w.is_enabled, w.created_at, w.updated_at,
                   w.draft, v.definition, v.schema_version
            FROM workflows w
            LEFT JOIN workflow_versions v ON v.workflow_id = w.id AND v.version = w.latest_version
            """;

    private final Database db;
    private final WorkflowDefinitions definitions;
    private final ActionRegistry actions;
    private final DevRigClock clock;
    private final UlidGenerator ids;
    /** The participants present now (the trigger manager): called inside publish, enable and delete. */
    private final java.util.function.Supplier<List<WorkflowParticipant>> participants;
    /** What {@link #state} read, until this store changes a workflow. */
    private final StateCache states = new StateCache();

    public WorkflowStore(Database db, WorkflowDefinitions definitions, ActionRegistry actions, DevRigClock clock) {
        this(db, definitions, actions, clock, List::of);
    }

    public WorkflowStore(Database db, WorkflowDefinitions definitions, ActionRegistry actions, DevRigClock clock,
            java.util.function.Supplier<List<WorkflowParticipant>> participants) {
        this.db = Objects.requireNonNull(db, "db");
        this.definitions = Objects.requireNonNull(definitions, "definitions");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = new UlidGenerator(clock, new SecureRandom());
        this.participants = Objects.requireNonNull(participants, "participants");
    }

    // ---------------------------------------------------------------- summaries

    @Override
    public List<WorkflowSummary> list() {
        List<SummaryRow> rows = db.read(h -> h.query(SUMMARY_SELECT + " ORDER BY w.updated_at DESC, w.id DESC",
                SummaryRow::of));
        List<WorkflowSummary> out = new ArrayList<>(rows.size());
        for (SummaryRow r : rows) {
            out.add(summary(r));
        }
        return out;
    }

    @Override
    public Optional<WorkflowSummary> get(String workflowId) {
        return db.read(h -> summaryRow(h, workflowId)).map(this::summary);
    }

    @Override
    public Optional<WorkflowState> state(String workflowId) {
        WorkflowState known = states.get(workflowId);
        if (known != null) {
            return Optional.of(known);
        }
        long token = states.beforeRead();
        boolean[] inWrite = new boolean[1];
        Optional<WorkflowState> read = db.read(h -> {
            inWrite[0] = h.writable(); // a read inside a write may see what is not committed yet
            return h.queryOne("SELECT id, latest_version, is_enabled FROM workflows WHERE id = ?",
                    rs -> new WorkflowState(rs.getString(1), rs.getInt(2), rs.getInt(3) != 0), workflowId);
        });
        if (read.isPresent() && !inWrite[0]) {
            states.keep(token, read.get());
        }
        return read;
    }

    /** A write that changes {@code workflows}: what {@link #state} keeps is dropped before and after it. */
    private <T> T change(SqlWork<T> work) {
        states.changing();
        try {
            return db.write(h -> {
                h.afterCommit(states::committed); // nested: the outer transaction commits later
                return work.apply(h);
            });
        } finally {
            states.changed();
        }
    }

    private static Optional<SummaryRow> summaryRow(SqlHandle h, String workflowId) throws SQLException {
        return h.queryOne(SUMMARY_SELECT + " WHERE w.id = ?", SummaryRow::of, workflowId);
    }

    private WorkflowSummary summary(SummaryRow r) {
        return new WorkflowSummary(r.id, r.name, r.description, r.latestVersion, r.enabled, r.draft != null,
                draftChanged(r), r.createdAt, r.updatedAt);
    }

    /**
     * Whether the draft differs from the latest version as the editor would see them
     * (both read and config-migrated), ignoring the fields publishing sets.
     */
    private boolean draftChanged(SummaryRow r) {
        if (r.draft == null) {
            return false;
        }
        if (r.latestDefinition == null) {
            return true; // never published: all of the draft is unpublished work
        }
        try {
            String draft = normalised(migrateConfigs(definitions.parse(r.draft)));
            String latest = normalised(migrateConfigs(readStored(r.latestDefinition, r.latestSchemaVersion)));
            return !draft.equals(latest);
        } catch (DevRigException e) {
            // a stored definition that no longer reads cannot equal the other one
            LOG.warn("Workflow {}: cannot compare its draft with version {}: {}", r.id, r.latestVersion,
                    e.getMessage());
            return true;
        }
    }

    private String normalised(WorkflowDefinition d) {
        return definitions.toJson(with(d, d.id(), 0, null, null));
    }

    // ---------------------------------------------------------------- drafts

    @Override
    public DraftSaveResult saveDraft(String json) {
        WorkflowDefinition def;
        try {
            def = definitions.parse(json);
        } catch (DevRigException e) {
            if (!ErrorCodes.INVALID_INPUT.equals(e.code())) {
                throw e;
            }
            return new DraftSaveResult(false, false, null, new ValidationReport(problems(e), List.of(), List.of()));
        }
        return saveDraft(def);
    }

    @Override
    public DraftSaveResult saveDraft(WorkflowDefinition draft) {
        if (draft == null) {
            throw new DevRigException(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, "a draft is required");
        }
        String id = draft.id() == null || draft.id().isBlank() ? ids.nextString() : draft.id();
        WorkflowDefinition migrated = migrateConfigs(draft);
        ValidationReport report = validate(migrated, true);
        if (!report.valid()) {
            return new DraftSaveResult(false, false, draft, report);
        }
        return change(h -> {
            Optional<WorkflowRow> existing = workflowRow(h, id);
            String now = clock.timestamp();
            String createdAt = existing.map(WorkflowRow::createdAt).orElse(now);
            int latest = existing.map(WorkflowRow::latestVersion).orElse(0);
            WorkflowDefinition stored = with(migrated, id, latest + 1, createdAt, now);
            String json = definitions.toJson(stored);
            if (existing.isEmpty()) {
                h.update("""
                        INSERT INTO workflows (id, name, description, latest_version, is_enabled, created_at, updated_at,
                                               draft, draft_updated_at)
                        VALUES (?, ?, ?, 0, 1, ?, ?, ?, ?)""",
                        id, stored.name(), description(stored), now, now, json, now);
            } else {
                h.update("""
                        UPDATE workflows SET name = ?, description = ?, draft = ?, draft_updated_at = ?, updated_at = ?
                        WHERE id = ?""",
                        stored.name(), description(stored), json, now, now, id);
            }
            return new DraftSaveResult(true, existing.isEmpty(), stored, report);
        });
    }

    private static String description(WorkflowDefinition d) {
        return d.description() == null ? "" : d.description();
    }

    @Override
    public Optional<WorkflowDefinition> draft(String workflowId) {
        Optional<WorkflowRow> row = db.read(h -> workflowRow(h, workflowId));
        if (row.isEmpty() || row.get().draft() == null) {
            return Optional.empty();
        }
        WorkflowDefinition def = migrateConfigs(definitions.parse(row.get().draft()));
        // the version it would be published as, also after publishes since the save
        return Optional.of(with(def, def.id(), row.get().latestVersion() + 1, def.createdAt(), def.updatedAt()));
    }

    // ---------------------------------------------------------------- publishing

    @Override
    public WorkflowVersionInfo publish(String workflowId, String changeSummary) {
        String summary = changeSummary == null ? "" : changeSummary;
        // read, check, insert and bump in one write transaction: writes are serialized, so two
        // publishes cannot both see the same latest version; UNIQUE(workflow_id, version) backs it
        return change(h -> {
            WorkflowRow row = workflowRow(h, workflowId)
                    .orElseThrow(() -> notFound("no workflow '" + workflowId + "'"));
            if (row.draft() == null) {
                throw notFound("workflow '" + workflowId + "' has no draft to publish");
            }
            WorkflowDefinition def = migrateConfigs(definitions.parse(row.draft()));
            ValidationReport report = validate(def, false);
            if (!report.valid()) {
                throw unpublishable(workflowId, report.errors());
            }
            int version = row.latestVersion() + 1;
            String now = clock.timestamp();
            WorkflowDefinition published = with(def, workflowId, version, row.createdAt(), now);
            h.update("""
                    INSERT INTO workflow_versions (id, workflow_id, version, definition, schema_version, change_summary,
                                                   created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""",
                    ids.nextString(), workflowId, version, definitions.toJson(published),
                    WorkflowDefinition.SCHEMA_VERSION, summary, now);
            int changed = h.update("""
                    UPDATE workflows SET latest_version = ?, updated_at = ? WHERE id = ? AND latest_version = ?""",
                    version, now, workflowId, row.latestVersion());
            if (changed != 1) {
                // cannot happen while writes are serialized; rolls the insert back if it does
                throw new DevRigException(ErrorCodes.CONFLICT, ErrorCategory.TRANSIENT,
                        "workflow '" + workflowId + "' changed while version " + version + " was being published");
            }
            for (WorkflowParticipant p : participants.get()) {
                p.published(h, published); // e.g. its trigger row: in this transaction, or nothing is published
            }
            return new WorkflowVersionInfo(workflowId, version, summary, now);
        });
    }

    @Override
    public List<WorkflowVersionInfo> versions(String workflowId) {
        return db.read(h -> h.query("""
                SELECT workflow_id, version, change_summary, created_at FROM workflow_versions
                WHERE workflow_id = ? ORDER BY version""",
                rs -> new WorkflowVersionInfo(rs.getString(1), rs.getInt(2),
                        rs.getString(3) == null ? "" : rs.getString(3), rs.getString(4)),
                workflowId));
    }

    @Override
    public Optional<WorkflowDefinition> version(String workflowId, int version) {
        return db.read(h -> storedVersion(h, workflowId, version)).map(this::readVersion);
    }

    @Override
    public Optional<WorkflowDefinition> latest(String workflowId) {
        return db.read(h -> {
            Optional<WorkflowRow> row = workflowRow(h, workflowId);
            if (row.isEmpty() || row.get().latestVersion() < 1) {
                return Optional.<StoredVersion>empty();
            }
            return storedVersion(h, workflowId, row.get().latestVersion());
        }).map(this::readVersion);
    }

    private static Optional<StoredVersion> storedVersion(SqlHandle h, String workflowId, int version)
            throws SQLException {
        return h.queryOne("SELECT definition, schema_version FROM workflow_versions WHERE workflow_id = ? AND version = ?",
                rs -> new StoredVersion(rs.getString(1), rs.getInt(2)), workflowId, version);
    }

    private WorkflowDefinition readVersion(StoredVersion v) {
        return migrateConfigs(readStored(v.definition(), v.schemaVersion()));
    }

    /**
     * Reads a stored version. A definition written before {@code schemaVersion} was part of
     * the JSON has only the column's version: it is put into the tree so that the codec's
     * migration chain starts from the right step.
     */
    private WorkflowDefinition readStored(String json, int schemaVersion) {
        if (schemaVersion < WorkflowDefinition.SCHEMA_VERSION) {
            try {
                JsonNode tree = JSON.readTree(json);
                if (tree instanceof ObjectNode o && !o.has("schemaVersion")) {
                    o.put("schemaVersion", schemaVersion);
                    return definitions.parse(o.toString());
                }
            } catch (JsonProcessingException e) {
                // not JSON: the codec reports it with its position
            }
        }
        return definitions.parse(json);
    }

    // ---------------------------------------------------------------- state

    @Override
    public WorkflowSummary setEnabled(String workflowId, boolean enabled) {
        SummaryRow row = change(h -> {
            int changed = h.update("UPDATE workflows SET is_enabled = ?, updated_at = ? WHERE id = ?",
                    enabled, clock.timestamp(), workflowId);
            if (changed == 0) {
                throw notFound("no workflow '" + workflowId + "'");
            }
            for (WorkflowParticipant p : participants.get()) {
                p.enabledChanged(h, workflowId, enabled);
            }
            return summaryRow(h, workflowId).orElseThrow();
        });
        return summary(row);
    }

    @Override
    public boolean delete(String workflowId) {
        // versions, triggers, runs (and their node runs and logs) go by ON DELETE CASCADE
        return change(h -> {
            if (h.queryLong("SELECT count(*) FROM workflows WHERE id = ?", workflowId).orElse(0L) == 0) {
                return false;
            }
            for (WorkflowParticipant p : participants.get()) {
                p.deleted(h, workflowId);
            }
            return h.update("DELETE FROM workflows WHERE id = ?", workflowId) > 0;
        });
    }

    // ---------------------------------------------------------------- validation and migration

    /** The definition service's report plus each known action node's config checked (see {@link ActionConfigChecks}). */
    ValidationReport validate(WorkflowDefinition def, boolean draft) {
        ValidationReport report = ActionConfigChecks.add(definitions.validate(def, draft, actions::has), def, actions);
        List<String> more = new ArrayList<>();
        for (WorkflowParticipant p : participants.get()) {
            more.addAll(p.validate(def));
        }
        if (more.isEmpty()) {
            return report;
        }
        List<String> errors = new ArrayList<>(report.errors());
        errors.addAll(more);
        return new ValidationReport(errors, report.warnings(), report.missingActionTypes());
    }

    /** {@code def} with every action node's config migrated to its action type's current config version. */
    WorkflowDefinition migrateConfigs(WorkflowDefinition def) {
        List<WorkflowNode> nodes = new ArrayList<>(def.nodes().size());
        boolean changed = false;
        for (WorkflowNode n : def.nodes()) {
            WorkflowNode m = migrateConfig(n);
            changed |= m != n;
            nodes.add(m);
        }
        if (!changed) {
            return def;
        }
        return new WorkflowDefinition(def.schemaVersion(), def.id(), def.version(), def.name(), def.description(),
                def.trigger(), def.entryConditions(), nodes, def.edges(), def.settings(), def.metadata(),
                def.createdAt(), def.updatedAt(), def.viewport(), def.editor());
    }

    private WorkflowNode migrateConfig(WorkflowNode n) {
        if (n.type() != NodeType.ACTION || n.actionType() == null) {
            return n;
        }
        Optional<ActionDescriptor> d = actions.descriptor(n.actionType());
        if (d.isEmpty() || n.configVersion() >= d.get().configVersion()) {
            return n; // unknown type (nothing to migrate with), current, or newer than known
        }
        Map<String, Object> migrated;
        try {
            migrated = actions.migrateConfig(n.actionType(), n.configVersion(), n.config());
        } catch (DevRigException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DevRigException(ErrorCodes.PLUGIN_ERROR, ErrorCategory.PERMANENT,
                    "action type '" + n.actionType() + "' failed to migrate the config of node '" + n.id()
                            + "' from version " + n.configVersion() + " to " + d.get().configVersion() + ": "
                            + e.getClass().getSimpleName(), e);
        }
        return n.withConfig(migrated, d.get().configVersion());
    }

    // ---------------------------------------------------------------- helpers

    private static WorkflowDefinition with(WorkflowDefinition d, String id, int version, String createdAt,
            String updatedAt) {
        return new WorkflowDefinition(d.schemaVersion(), id, version, d.name(), d.description(), d.trigger(),
                d.entryConditions(), d.nodes(), d.edges(), d.settings(), d.metadata(), createdAt, updatedAt,
                d.viewport(), d.editor());
    }

    private static Optional<WorkflowRow> workflowRow(SqlHandle h, String workflowId) throws SQLException {
        return h.queryOne("SELECT latest_version, created_at, draft FROM workflows WHERE id = ?",
                rs -> new WorkflowRow(rs.getInt(1), rs.getString(2), rs.getString(3)), workflowId);
    }

    @SuppressWarnings("unchecked")
    private static List<String> problems(DevRigException e) {
        Object p = e.error().details().get("problems");
        if (p instanceof List<?> l && !l.isEmpty()) {
            List<String> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(String.valueOf(o));
            }
            return out;
        }
        return List.of(e.error().message());
    }

    private static DevRigException notFound(String message) {
        return new DevRigException(ErrorCodes.NOT_FOUND, ErrorCategory.PERMANENT, message);
    }

    private static DevRigException unpublishable(String workflowId, List<String> problems) {
        List<String> shown = problems.size() <= MAX_PROBLEMS_IN_MESSAGE ? problems
                : problems.subList(0, MAX_PROBLEMS_IN_MESSAGE);
        String message = "workflow '" + workflowId + "' cannot be published: " + problems.size()
                + (problems.size() == 1 ? " problem: " : " problems: ") + String.join("; ", shown)
                + (shown.size() < problems.size() ? "; …" : "");
        return new DevRigException(DevRigError.of(ErrorCodes.INVALID_INPUT, ErrorCategory.PERMANENT, message)
                .withDetails(Map.of("problems", List.copyOf(problems))));
    }

    private record WorkflowRow(int latestVersion, String createdAt, String draft) {
    }

    private record StoredVersion(String definition, int schemaVersion) {
    }

    private record SummaryRow(String id, String name, String description, int latestVersion, boolean enabled,
            String createdAt, String updatedAt, String draft, String latestDefinition, int latestSchemaVersion) {

        static SummaryRow of(ResultSet rs) throws SQLException {
            String description = rs.getString(3);
            return new SummaryRow(rs.getString(1), rs.getString(2), description == null ? "" : description,
                    rs.getInt(4), rs.getInt(5) != 0, rs.getString(6), rs.getString(7), rs.getString(8),
                    rs.getString(9), rs.getInt(10));
        }
    }
}
