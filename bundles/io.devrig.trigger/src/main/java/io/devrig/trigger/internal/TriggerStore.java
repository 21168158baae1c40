package io.devrig.trigger.internal;

import io.devrig.api.store.SqlHandle;
import io.devrig.api.time.DevRigClock;
import io.devrig.api.trigger.FireResult;
import io.devrig.api.trigger.TriggerEvent;
import io.devrig.common.json.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SQL of {@code triggers} and {@code trigger_events}, which this bundle owns (migrations 1
 * and 7). Every method runs in the caller's transaction.
 */
final class TriggerStore {

    /** The paused state as stored; every other state is decided at run time (see {@link TriggerManagerImpl#status}). */
    static final String PAUSED = "paused";
    static final String ACTIVE = "active";

    private static final String COLUMNS = "id, workflow_id, workflow_version, type, config, state, last_fired_at, "
            + "fire_count, error_count, last_error, dedup_state, duplicate_count";

    private TriggerStore() {
    }

    /** A {@code triggers} row. */
    record Row(String id, String workflowId, int workflowVersion, String type, Map<String, Object> config,
            String state, Instant lastFiredAt, long fireCount, long errorCount, String lastError, String typeState,
            long duplicateCount) {

        boolean paused() {
            return PAUSED.equals(state);
        }
    }

    static List<Row> all(SqlHandle h) throws SQLException {
        return h.query("SELECT " + COLUMNS + " FROM triggers ORDER BY workflow_id", TriggerStore::row);
    }

    static Optional<Row> byId(SqlHandle h, String id) throws SQLException {
        return h.queryOne("SELECT " + COLUMNS + " FROM triggers WHERE id = ?", TriggerStore::row, id);
    }

    static Optional<Row> byWorkflow(SqlHandle h, String workflowId) throws SQLException {
        return h.queryOne("SELECT " + COLUMNS + " FROM triggers WHERE workflow_id = ?", TriggerStore::row, workflowId);
    }

    static void insert(SqlHandle h, String id, String workflowId, int version, String type, Map<String, Object> config,
            String now) throws SQLException {
        h.update("INSERT INTO triggers (id, workflow_id, workflow_version, type, config, state, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, 'active', ?, ?)", id, workflowId, version, type, Json.write(config), now, now);
    }

    /**
     * A new version's trigger: type, config and version change; the id, the pause, the counters
     * and the last fire stay. A changed type starts with no type state (a poll's last hash
     * means nothing to another type).
     */
    static void update(SqlHandle h, Row old, int version, String type, Map<String, Object> config, String now)
            throws SQLException {
        h.update("UPDATE triggers SET workflow_version = ?, type = ?, config = ?, updated_at = ?, "
                + "dedup_state = CASE WHEN type = ? THEN dedup_state END WHERE id = ?",
                version, type, Json.write(config), now, type, old.id());
    }

    static void deleteForWorkflow(SqlHandle h, String workflowId) throws SQLException {
        h.update("DELETE FROM triggers WHERE workflow_id = ?", workflowId);
    }

    static boolean setState(SqlHandle h, String id, String state, String now) throws SQLException {
        return h.update("UPDATE triggers SET state = ?, updated_at = ? WHERE id = ?", state, now, id) == 1;
    }

    /** {@code started} runs were started by fires of this trigger at {@code firedAt}. */
    static void fired(SqlHandle h, String id, int started, String firedAt) throws SQLException {
        h.update("UPDATE triggers SET fire_count = fire_count + ?, last_fired_at = ? WHERE id = ?", started, firedAt, id);
    }

    /** {@code dropped} fires of this trigger were duplicates. */
    static void duplicates(SqlHandle h, String id, int dropped) throws SQLException {
        h.update("UPDATE triggers SET duplicate_count = duplicate_count + ? WHERE id = ?", dropped, id);
    }

    static void error(SqlHandle h, String id, String message, String now) throws SQLException {
        h.update("UPDATE triggers SET error_count = error_count + 1, last_error = ?, updated_at = ? WHERE id = ?",
                message, now, id);
    }

    static void saveTypeState(SqlHandle h, String id, Map<String, Object> state) throws SQLException {
        h.update("UPDATE triggers SET dedup_state = ? WHERE id = ?", state.isEmpty() ? null : Json.write(state), id);
    }

    // ---- events

    /**
     * The first fire of {@code key} by this trigger that started a run (or was accepted to
     * start one) since {@code since}, if any: a later fire of the key is its duplicate. Refused
     * and duplicate fires do not count.
     */
    static Optional<String> startedSince(SqlHandle h, String triggerId, String key, String since) throws SQLException {
        return h.queryOne("SELECT id FROM trigger_events WHERE trigger_id = ? AND dedup_key = ? AND fired_at >= ? "
                + "AND outcome IN ('started', 'accepted') ORDER BY fired_at LIMIT 1", r -> r.getString(1), triggerId,
                key, since);
    }

    /**
     * @param runId the run a started event starts, known before its start (one statement per
     *        event, not an insert and an update); null for the other outcomes
     */
    static void insertEvent(SqlHandle h, String id, String triggerId, String workflowId, String key, String payloadJson,
            String firedAt, FireResult.Outcome outcome, String runId, String duplicateOf, String reason)
            throws SQLException {
        h.update("INSERT INTO trigger_events (id, trigger_id, workflow_id, dedup_key, payload, fired_at, processed, "
                + "outcome, run_id, duplicate_of, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, triggerId,
                workflowId, key, payloadJson, firedAt, outcome == FireResult.Outcome.ACCEPTED ? 0 : 1, wire(outcome),
                runId, duplicateOf, reason);
    }

    /** An accepted fire waiting for its run's start, with what the start needs. */
    record Accepted(String id, String triggerId, String type, String workflowId, String payload, String runId) {
    }

    /** Up to {@code limit} accepted fires whose runs have not started, oldest first. */
    static List<Accepted> accepted(SqlHandle h, int limit) throws SQLException {
        return h.query("SELECT e.id, e.trigger_id, t.type, e.workflow_id, e.payload, e.run_id FROM trigger_events e "
                + "JOIN triggers t ON t.id = e.trigger_id WHERE e.processed = 0 ORDER BY e.fired_at, e.id LIMIT ?",
                r -> new Accepted(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6)), limit);
    }

    static boolean anyAccepted(SqlHandle h) throws SQLException {
        return h.queryOne("SELECT 1 FROM trigger_events WHERE processed = 0 LIMIT 1", r -> true).isPresent();
    }

    static boolean anyAccepted(SqlHandle h, String workflowId) throws SQLException {
        return h.queryOne("SELECT 1 FROM trigger_events WHERE processed = 0 AND workflow_id = ? LIMIT 1", r -> true,
                workflowId).isPresent();
    }

    /** An accepted fire's run started (with {@code runId}, normally the one it was accepted with). */
    static void acceptedStarted(SqlHandle h, String eventId, String runId) throws SQLException {
        h.update("UPDATE trigger_events SET outcome = 'started', processed = 1, run_id = ? WHERE id = ?", runId,
                eventId);
    }

    static void eventStarted(SqlHandle h, String eventId, String runId) throws SQLException {
        h.update("UPDATE trigger_events SET run_id = ? WHERE id = ?", runId, eventId);
    }

    static void eventRefused(SqlHandle h, String eventId, String reason) throws SQLException {
        h.update("UPDATE trigger_events SET outcome = 'refused', processed = 1, run_id = NULL, reason = ? WHERE id = ?",
                reason, eventId);
    }

    static List<TriggerEvent> events(SqlHandle h, String triggerId, int limit) throws SQLException {
        return h.query("SELECT id, trigger_id, workflow_id, dedup_key, fired_at, outcome, run_id, duplicate_of, reason "
                + "FROM trigger_events WHERE trigger_id = ? ORDER BY fired_at DESC, id DESC LIMIT ?",
                r -> new TriggerEvent(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                        DevRigClock.parse(r.getString(5)), outcome(r.getString(6)), r.getString(7), r.getString(8),
                        r.getString(9)), triggerId, limit);
    }

    /**
     * Deletes up to {@code limit} events fired before {@code before}, oldest first; how many.
     * A run keeps its row (its {@code trigger_event_id} becomes null).
     */
    static int deleteEventsBefore(SqlHandle h, String before, int limit) throws SQLException {
        // an accepted fire whose run has not started yet stays, however old
        return h.update("DELETE FROM trigger_events WHERE id IN (SELECT id FROM trigger_events WHERE fired_at < ? "
                + "AND processed = 1 ORDER BY fired_at LIMIT ?)", before, limit);
    }

    static String wire(FireResult.Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }

    static FireResult.Outcome outcome(String wire) {
        return FireResult.Outcome.valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }

    private static Row row(ResultSet r) throws SQLException {
        String lastFired = r.getString(7);
        return new Row(r.getString(1), r.getString(2), r.getInt(3), r.getString(4), Json.readObject(r.getString(5)),
                r.getString(6), lastFired == null ? null : DevRigClock.parse(lastFired), r.getLong(8), r.getLong(9),
                r.getString(10), r.getString(11), r.getLong(12));
    }
}
