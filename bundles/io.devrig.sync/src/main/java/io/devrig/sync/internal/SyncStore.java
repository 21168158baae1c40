package io.devrig.sync.internal;

import io.devrig.api.store.Database;
import io.devrig.api.store.SqlHandle;
import io.devrig.api.time.DevRigClock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rows of {@code plugin_sync_state}, one per (plugin, data source), keyed by the plugin's
 * id (its name, the bundle symbolic name; migration 6). What the plugin host knows of a
 * plugin (state, descriptor) comes from {@code PluginAdmin}, not from its table.
 *
 * <p>Every change a cycle makes is guarded by {@code job_id}: only the job that holds a
 * source may move its cursor or record its end, so a stale job (a cycle already ended and
 * rescheduled, or a job from before a restart that lost its source) changes nothing.
 */
final class SyncStore {

    /** A source's row as the scheduler reads it. */
    record Row(String pluginId, String dataSourceId, String cursor, String lastSyncAt, String status, String error,
            long itemsSynced, String nextSyncAt, int consecutiveFailures, Long intervalOverrideMs, boolean enabled,
            String quietHoursJson, String configJson, String jobId) {
    }

    private static final String SELECT = "SELECT s.plugin_id, s.data_source_id, s.sync_cursor, s.last_sync_at,"
            + " s.sync_status, s.error, s.items_synced, s.next_sync_at, s.consecutive_failures, s.interval_ms,"
            + " s.enabled, s.quiet_hours, s.config, s.job_id FROM plugin_sync_state s";
    private static final String BY_KEY = " WHERE s.plugin_id = ? AND s.data_source_id = ?";
    private static final String KEY_WHERE = " WHERE plugin_id = ? AND data_source_id = ?";

    private final Database db;
    private final DevRigClock clock;

    SyncStore(Database db, DevRigClock clock) {
        this.db = db;
        this.clock = clock;
    }

    Database db() {
        return db;
    }

    /** Adds a row for a source seen for the first time (due at once); an existing row stays as it is. */
    void ensure(String pluginId, String dataSourceId) {
        Instant now = clock.now();
        db.write(h -> h.update("INSERT INTO plugin_sync_state (plugin_id, data_source_id, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT(plugin_id, data_source_id) DO NOTHING", pluginId, dataSourceId, now,
                now));
    }

    /**
     * Deletes the plugin's rows; how many. Called by the plugin host's purge inside its write
     * transaction, which this write joins.
     */
    int purge(String pluginId) {
        return db.write(h -> h.update("DELETE FROM plugin_sync_state WHERE plugin_id = ?", pluginId));
    }

    List<Row> rows() {
        return db.read(h -> h.query(SELECT + " ORDER BY s.plugin_id, s.data_source_id", SyncStore::row));
    }

    Optional<Row> row(String pluginId, String dataSourceId) {
        return db.read(h -> row(h, pluginId, dataSourceId));
    }

    Optional<Row> row(SqlHandle h, String pluginId, String dataSourceId) throws SQLException {
        return h.queryOne(SELECT + BY_KEY, SyncStore::row, pluginId, dataSourceId);
    }

    /** Enabled sources with no cycle in flight that are due by {@code now} (quiet hours not applied). */
    List<Row> due(Instant now) {
        return db.read(h -> h.query(SELECT + " WHERE s.enabled = 1 AND s.job_id IS NULL"
                + " AND (s.next_sync_at IS NULL OR s.next_sync_at <= ?) ORDER BY s.next_sync_at", SyncStore::row,
                DevRigClock.format(now)));
    }

    /**
     * Hands the source to a queued cycle's job, from {@code fromJob} (null: from no job, a new
     * cycle); false when the source is not held as expected (another cycle has it, or it was
     * released meanwhile).
     */
    boolean handOver(SqlHandle h, String pluginId, String dataSourceId, String fromJob, String toJob)
            throws SQLException {
        // IS compares NULL with NULL too: one statement for "free" and "held by fromJob"
        return h.update("UPDATE plugin_sync_state SET job_id = ?, updated_at = ?" + KEY_WHERE + " AND job_id IS ?",
                toJob, clock.now(), pluginId, dataSourceId, fromJob) == 1;
    }

    /** Marks the cycle of {@code jobId} running; false when the job no longer holds the source. */
    boolean markSyncing(String pluginId, String dataSourceId, String jobId) {
        return db.write(h -> h.update("UPDATE plugin_sync_state SET sync_status = 'syncing', updated_at = ?" + KEY_WHERE
                + " AND job_id = ?", clock.now(), pluginId, dataSourceId, jobId) == 1);
    }

    /**
     * Keeps a page's cursor (null: the old one) and counts its items.
     *
     * @return whether the source is still enabled (read in the same statement, so the cycle
     *         needs no second look between pages), or empty when the job lost the source
     */
    Optional<Boolean> savePage(String pluginId, String dataSourceId, String jobId, String cursor, int items) {
        return db.write(h -> h.queryOne("UPDATE plugin_sync_state SET sync_cursor = COALESCE(?, sync_cursor),"
                + " items_synced = items_synced + ?, updated_at = ?" + KEY_WHERE + " AND job_id = ? RETURNING enabled",
                r -> r.getInt(1) == 1, cursor, Math.max(0, items), clock.now(), pluginId, dataSourceId, jobId));
    }

    /** A cycle that succeeded: failures and error cleared, next cycle at {@code next}. */
    boolean finishSuccess(String pluginId, String dataSourceId, String jobId, Instant next) {
        Instant now = clock.now();
        return db.write(h -> h.update("UPDATE plugin_sync_state SET sync_status = 'idle', error = NULL,"
                + " consecutive_failures = 0, last_sync_at = ?, next_sync_at = ?, job_id = NULL, updated_at = ?"
                + KEY_WHERE + " AND job_id = ?", now, next, now, pluginId, dataSourceId, jobId) == 1);
    }

    /** A cycle that failed: one more failure, the error kept, next cycle after the backoff. */
    boolean finishFailure(String pluginId, String dataSourceId, String jobId, String error, Instant next) {
        return db.write(h -> h.update("UPDATE plugin_sync_state SET sync_status = 'error', error = ?,"
                + " consecutive_failures = consecutive_failures + 1, next_sync_at = ?, job_id = NULL, updated_at = ?"
                + KEY_WHERE + " AND job_id = ?", error, next, clock.now(), pluginId, dataSourceId, jobId) == 1);
    }

    /**
     * A cycle that stopped without an outcome (its plugin went away, the source was disabled,
     * the server is stopping): the source is released as it was, cursor and counters kept,
     * and due again at {@code next} (null: when it was due before).
     */
    boolean release(String pluginId, String dataSourceId, String jobId, Instant next) {
        return db.write(h -> h.update("UPDATE plugin_sync_state SET sync_status = CASE WHEN consecutive_failures > 0"
                + " THEN 'error' ELSE 'idle' END, next_sync_at = COALESCE(?, next_sync_at), job_id = NULL, updated_at = ?" + KEY_WHERE
                + " AND job_id = ?", next, clock.now(), pluginId, dataSourceId, jobId) == 1);
    }

    /** The job ids that hold a source now. */
    List<String> heldJobs() {
        return db.read(h -> h.query("SELECT job_id FROM plugin_sync_state WHERE job_id IS NOT NULL", r -> r.getString(1)));
    }

    /**
     * Frees the sources held by these jobs (gone from the queue's live set: dead-lettered
     * after repeated failures of the handler itself, or discarded by an admin); the number
     * freed. Which jobs are live is the queue's to say ({@code JobQueue.jobs}); this bundle
     * does not read its table.
     */
    int releaseJobs(List<String> jobIds) {
        if (jobIds.isEmpty()) {
            return 0;
        }
        return db.write(h -> {
            int n = 0;
            for (String jobId : jobIds) {
                n += h.update("UPDATE plugin_sync_state SET job_id = NULL, sync_status = CASE WHEN"
                        + " consecutive_failures > 0 THEN 'error' ELSE 'idle' END, updated_at = ? WHERE job_id = ?",
                        clock.now(), jobId);
            }
            return n;
        });
    }

    /** Makes the plugin's enabled sources due at {@code now}; the number changed. */
    int dueNow(String pluginId, Instant now) {
        return db.write(h -> h.update("UPDATE plugin_sync_state SET next_sync_at = ?, updated_at = ?"
                + " WHERE plugin_id = ? AND enabled = 1", now, now, pluginId));
    }

    /** Writes an admin's settings (each null argument unchanged); false for an unknown source. */
    boolean configure(String pluginId, String dataSourceId, Long intervalMs, Boolean enabled, String quietHoursJson,
            boolean clearQuietHours, String configJson, Instant nextSyncAt) {
        return db.write(h -> h.update("UPDATE plugin_sync_state SET interval_ms = COALESCE(?, interval_ms),"
                + " enabled = COALESCE(?, enabled), quiet_hours = CASE WHEN ? THEN NULL ELSE COALESCE(?, quiet_hours) END,"
                + " config = COALESCE(?, config), next_sync_at = COALESCE(?, next_sync_at), updated_at = ?" + KEY_WHERE,
                intervalMs, enabled, clearQuietHours, quietHoursJson, configJson, nextSyncAt, clock.now(), pluginId,
                dataSourceId) == 1);
    }

    private static Row row(ResultSet r) throws SQLException {
        long interval = r.getLong(10);
        Long override = r.wasNull() ? null : interval;
        return new Row(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6),
                r.getLong(7), r.getString(8), r.getInt(9), override, r.getInt(11) == 1, r.getString(12), r.getString(13),
                r.getString(14));
    }
}
