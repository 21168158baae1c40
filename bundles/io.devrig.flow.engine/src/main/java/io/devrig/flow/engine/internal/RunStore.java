package io.devrig.flow.engine.internal;

import io.devrig.api.flow.NodeRun;
import io.devrig.api.flow.NodeRunStatus;
import io.devrig.api.flow.RunLogEntry;
import io.devrig.api.flow.RunQuery;
import io.devrig.api.flow.RunStatus;
import io.devrig.api.flow.RunSummary;
import io.devrig.api.flow.RunTrigger;
import io.devrig.api.store.SqlHandle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The SQL of runs, node runs and execution logs; every method runs in the caller's transaction. */
final class RunStore {

    private static final String RUN_COLUMNS = "id, workflow_id, workflow_version, status, correlation_id, error, "
            + "created_at, started_at, completed_at, duration_ms";
    private static final String NODE_COLUMNS = "id, run_id, node_id, action_type, status, input, output, error, "
            + "attempt, started_at, completed_at, duration_ms, next_attempt_at";
    private static final int NODE_COLUMN_COUNT = 13;
    private static final String NODE_ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPSERT_NODES_END = " ON CONFLICT(run_id, node_id) DO UPDATE SET "
            + "status = excluded.status, input = excluded.input, output = excluded.output, error = excluded.error, "
            + "attempt = excluded.attempt, started_at = excluded.started_at, completed_at = excluded.completed_at, "
            + "duration_ms = excluded.duration_ms, next_attempt_at = excluded.next_attempt_at";

    /** In a run's context: its trigger's payload is its input (rows written before this have {@code payload}). */
    static final String PAYLOAD_IS_INPUT = "payloadIsInput";

    private RunStore() {
    }

    /**
     * Inserts a pending run. A run a trigger started keeps that trigger (type, ids and
     * payload) in its {@code context}; an object payload, which is also the run's input, is
     * not copied there ({@value #PAYLOAD_IS_INPUT}). A start by hand leaves it {@code {}}.
     * Returns the context written.
     */
    static void insertRun(SqlHandle h, String id, String workflowId, int version, String correlationId, String input,
            RunTrigger trigger, Instant now) throws SQLException {
        String context = "{}";
        if (!trigger.manual()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("type", trigger.type());
            t.put("triggerId", trigger.triggerId());
            t.put("eventId", trigger.eventId());
            if (trigger.payload() instanceof Map<?, ?>) {
                // an object payload is the run's input, stored in its own column: not a second copy
                t.put(PAYLOAD_IS_INPUT, true);
            } else {
                t.put("payload", trigger.payload());
            }
            context = Json.write(Map.of("trigger", t));
        }
        h.update("INSERT INTO workflow_runs (id, workflow_id, workflow_version, trigger_event_id, status, context, "
                + "input, correlation_id, created_at) VALUES (?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
                id, workflowId, version, trigger.eventId(), context, input, correlationId, Times.iso(now));
    }

    /** The trigger a run's row records: what its {@code context} says, else a start by hand with its input. */
    @SuppressWarnings("unchecked")
    static RunTrigger trigger(String context, String input) {
        Object c = context == null || context.isBlank() ? null : Json.read(context);
        if (c instanceof Map<?, ?> m && m.get("trigger") instanceof Map<?, ?> t && t.get("type") instanceof String type) {
            Object payload = Boolean.TRUE.equals(t.get(PAYLOAD_IS_INPUT)) ? (input == null ? null : Json.read(input))
                    : t.get("payload");
            return new RunTrigger(type, (String) t.get("triggerId"), (String) t.get("eventId"), payload);
        }
        return RunTrigger.manual(input == null ? null : Json.read(input));
    }

    /**
     * A run's row as stored, its JSON not read yet: what a transaction on the writer takes,
     * parsed ({@link #parsed}) once the writer is released, so that parsing a large input
     * never holds the store's one writer.
     */
    record StoredRun(String id, String workflowId, int version, RunStatus status, String correlationId,
            String input, String startedAt, boolean cancelRequested, String context) {

        RunRow parsed() {
            return new RunRow(id, workflowId, version, status, correlationId, input, startedAt, cancelRequested,
                    trigger(context, input));
        }
    }

    static Optional<StoredRun> storedRun(SqlHandle h, String id) throws SQLException {
        return h.queryOne("SELECT id, workflow_id, workflow_version, status, correlation_id, input, started_at, "
                + "cancel_requested, context FROM workflow_runs WHERE id = ?", rs -> new StoredRun(rs.getString(1),
                        rs.getString(2), rs.getInt(3), RunStatus.fromJson(rs.getString(4)), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getInt(8) != 0, rs.getString(9)), id);
    }

    static Optional<RunRow> loadRun(SqlHandle h, String id) throws SQLException {
        return storedRun(h, id).map(StoredRun::parsed);
    }

    /**
     * Moves a pending run to running when fewer than {@code maxConcurrent} runs of its
     * workflow are running and no cancel was requested, in one statement (the store has one
     * writer, so two workers cannot both take the last slot).
     */
    static boolean admit(SqlHandle h, String runId, String workflowId, int maxConcurrent, Instant now)
            throws SQLException {
        return h.update("UPDATE workflow_runs SET status = 'running', started_at = coalesce(started_at, ?) "
                + "WHERE id = ? AND status = 'pending' AND cancel_requested = 0 AND (SELECT count(*) FROM workflow_runs "
                + "WHERE workflow_id = ? AND status = 'running') < ?",
                Times.iso(now), runId, workflowId, maxConcurrent) == 1;
    }

    /**
     * {@link #finishRun(SqlHandle, String, RunStatus, String, Instant)}, and when it ended the
     * run, tells {@code context}'s listener after the commit.
     */
    static boolean finishRun(SqlHandle h, EngineContext context, String runId, String workflowId, RunStatus status,
            String errorJson, Instant now) throws SQLException {
        boolean ended = finishRun(h, runId, status, errorJson, now);
        if (ended) {
            h.afterCommit(() -> context.finished().finished(runId, workflowId, status));
        }
        return ended;
    }

    /** Ends a run that is not final yet; false when it already was. */
    static boolean finishRun(SqlHandle h, String runId, RunStatus status, String errorJson, Instant now)
            throws SQLException {
        return h.update("UPDATE workflow_runs SET status = ?, error = ?, completed_at = ?, duration_ms = "
                + "CAST(round((julianday(?) - julianday(coalesce(started_at, created_at))) * 86400000) AS INTEGER) "
                + "WHERE id = ? AND status IN ('pending', 'running')",
                status.json(), errorJson, Times.iso(now), Times.iso(now), runId) == 1;
    }

    static boolean requestCancel(SqlHandle h, String runId) throws SQLException {
        return h.update("UPDATE workflow_runs SET cancel_requested = 1 WHERE id = ? AND status IN ('pending', 'running')",
                runId) == 1;
    }

    static List<NodeRun> nodes(SqlHandle h, String runId) throws SQLException {
        return h.query("SELECT " + NODE_COLUMNS + " FROM node_runs WHERE run_id = ? "
                + "ORDER BY coalesce(started_at, completed_at, created_at), id", RunStore::nodeRun, runId);
    }

    /** The upsert of 1..{@value #CACHED_UPSERTS} rows, built once (a step is one or a few rows, every step). */
    private static final int CACHED_UPSERTS = 16;
    private static final String[] UPSERTS = new String[CACHED_UPSERTS + 1];

    static {
        for (int n = 1; n <= CACHED_UPSERTS; n++) {
            UPSERTS[n] = upsertSql(n);
        }
    }

    private static String upsertSql(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO node_runs (" + NODE_COLUMNS + ") VALUES " + NODE_ROW);
        for (int i = 1; i < rows; i++) {
            sql.append(", " + NODE_ROW);
        }
        return sql.append(UPSERT_NODES_END).toString();
    }

    /**
     * Writes the nodes' states in one multi-row upsert: a step (one node finishing, the
     * next ones starting) is one statement in one transaction. Its SQL is a constant for up
     * to {@value #CACHED_UPSERTS} rows, so the statement cache finds it without hashing a
     * new string.
     */
    static void upsertNodes(SqlHandle h, String runId, List<NodeState> nodes) throws SQLException {
        upsertNodes(h, nodeRows(runId, nodes));
    }

    /** {@link #upsertNodes(SqlHandle, String, List)} of rows made by {@link #nodeRows}. */
    static void upsertNodes(SqlHandle h, Object[] rows) throws SQLException {
        int count = rows.length / NODE_COLUMN_COUNT;
        if (count > 0) {
            h.update(count <= CACHED_UPSERTS ? UPSERTS[count] : upsertSql(count), rows);
        }
    }

    /**
     * The parameters of the upsert of {@code nodes}' states, their JSON written: made before a
     * transaction, so that writing a node's input and output holds no writer.
     */
    static Object[] nodeRows(String runId, List<NodeState> nodes) {
        int rows = nodes.size();
        Object[] params = new Object[rows * NODE_COLUMN_COUNT];
        int p = 0;
        for (NodeState n : nodes) {
            params[p++] = n.rowId;
            params[p++] = runId;
            params[p++] = n.nodeId;
            params[p++] = n.actionType;
            params[p++] = n.status.json();
            params[p++] = n.input == null ? null : Json.write(n.input);
            params[p++] = n.output == null ? null : Json.write(n.output);
            params[p++] = n.error == null ? null : Json.error(n.error);
            params[p++] = Math.max(1, n.attempt);
            params[p++] = Times.iso(n.startedAt);
            params[p++] = Times.iso(n.completedAt);
            params[p++] = n.durationMs;
            params[p++] = Times.iso(n.nextAttemptAt);
        }
        return params;
    }

    /**
     * Writes the {@code running} rows of nodes started without one, unless the node has a
     * row by now (it returned and its state was written, or a later attempt was marked):
     * a mark never overwrites what the executor wrote.
     */
    static void markRunning(SqlHandle h, String runId, List<RunExecution.Mark> marks) throws SQLException {
        for (RunExecution.Mark m : marks) {
            h.update("INSERT INTO node_runs (id, run_id, node_id, action_type, status, attempt, started_at) "
                    + "VALUES (?, ?, ?, ?, 'running', ?, ?) ON CONFLICT DO NOTHING", m.rowId(), runId, m.nodeId(),
                    m.actionType(), m.attempt(), Times.iso(m.startedAt()));
        }
    }

    static void log(SqlHandle h, String id, String runId, String nodeId, String correlationId, String level,
            String message, String metadata, Instant now) throws SQLException {
        h.update("INSERT INTO execution_logs (id, run_id, node_id, level, message, metadata, timestamp, correlation_id) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, runId, nodeId, level, message, metadata, Times.iso(now),
                correlationId);
    }

    static Optional<RunSummary> summary(SqlHandle h, String runId) throws SQLException {
        return h.queryOne("SELECT " + RUN_COLUMNS + " FROM workflow_runs WHERE id = ?", RunStore::summary, runId);
    }

    static List<RunSummary> runs(SqlHandle h, RunQuery q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM workflow_runs WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (q.workflowId() != null) {
            sql.append(" AND workflow_id = ?");
            params.add(q.workflowId());
        }
        if (q.status() != null) {
            sql.append(" AND status = ?");
            params.add(q.status().json());
        }
        sql.append(" ORDER BY created_at DESC, id DESC LIMIT ?");
        params.add(q.limit());
        return h.query(sql.toString(), RunStore::summary, params.toArray());
    }

    static List<RunLogEntry> logs(SqlHandle h, String runId, int limit) throws SQLException {
        List<RunLogEntry> newest = h.query("SELECT timestamp, run_id, node_id, correlation_id, level, message, metadata "
                + "FROM execution_logs WHERE run_id = ? ORDER BY timestamp DESC, id DESC LIMIT ?",
                rs -> new RunLogEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7)), runId, limit);
        List<RunLogEntry> ordered = new ArrayList<>(newest);
        java.util.Collections.reverse(ordered);
        return ordered;
    }

    /** Runs not final (pending or running), oldest first. */
    static List<String> unfinishedRuns(SqlHandle h) throws SQLException {
        return h.query("SELECT id FROM workflow_runs WHERE status IN ('pending', 'running') ORDER BY created_at",
                rs -> rs.getString(1));
    }

    private static RunSummary summary(ResultSet rs) throws SQLException {
        long duration = rs.getLong(10);
        Long durationMs = rs.wasNull() ? null : duration;
        return new RunSummary(rs.getString(1), rs.getString(2), rs.getInt(3), RunStatus.fromJson(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), durationMs);
    }

    private static NodeRun nodeRun(ResultSet rs) throws SQLException {
        long duration = rs.getLong(12);
        Long durationMs = rs.wasNull() ? null : duration;
        return new NodeRun(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                NodeRunStatus.fromJson(rs.getString(5)), rs.getString(6), rs.getString(7), rs.getString(8),
                rs.getInt(9), rs.getString(10), rs.getString(11), durationMs);
    }

    /** A stored node run back into executor state (outputs parsed). */
    static NodeState state(NodeRun r, String nextAttemptAt) {
        NodeState s = new NodeState(r.nodeId(), r.actionType());
        s.rowId = r.id();
        s.status = r.status();
        s.attempt = r.attempt();
        s.input = Json.read(r.input());
        s.output = Json.read(r.output());
        s.error = Json.parseError(r.error());
        s.startedAt = Times.parse(r.startedAt());
        s.completedAt = Times.parse(r.completedAt());
        s.durationMs = r.durationMs();
        s.nextAttemptAt = Times.parse(nextAttemptAt);
        return s;
    }

    /** A node run as stored, with its next attempt's time; its JSON parsed by {@link #parsed}, after the transaction. */
    record StoredNode(NodeRun run, String nextAttemptAt) {
    }

    static List<StoredNode> storedStates(SqlHandle h, String runId) throws SQLException {
        return h.query("SELECT " + NODE_COLUMNS + " FROM node_runs WHERE run_id = ?",
                rs -> new StoredNode(nodeRun(rs), rs.getString(13)), runId);
    }

    static List<NodeState> parsed(List<StoredNode> stored) {
        List<NodeState> states = new ArrayList<>(stored.size());
        for (StoredNode n : stored) {
            states.add(state(n.run(), n.nextAttemptAt()));
        }
        return states;
    }

    static List<NodeState> states(SqlHandle h, String runId) throws SQLException {
        return parsed(storedStates(h, runId));
    }
}
