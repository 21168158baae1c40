package io.devrig.plugin.internal.host;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.devrig.api.id.UlidGenerator;
import io.devrig.api.plugin.PluginState;
import io.devrig.api.store.Database;
import io.devrig.api.time.DevRigClock;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The {@code plugins} table: one row per plugin id (bundle symbolic name), kept across restarts. */
final class PluginRecords {

    private static final ObjectMapper JSON = io.devrig.common.json.Json.MAPPER; // the one strict mapper
    private static final String COLUMNS = "id, name, version, display_name, description, state, permissions,"
            + " granted_permissions, disabled, manifest, install_path, error_message, execution_count, failure_count,"
            + " last_executed_at, last_error";

    private final Database db;
    private final DevRigClock clock;
    private final UlidGenerator ids;

    PluginRecords(Database db, DevRigClock clock) {
        this.db = db;
        this.clock = clock;
        this.ids = new UlidGenerator(clock, new java.security.SecureRandom());
    }

    Optional<PluginRecord> find(String name) {
        return db.read(h -> h.queryOne("SELECT " + COLUMNS + " FROM plugins WHERE name = ?", PluginRecords::map, name));
    }

    List<PluginRecord> all() {
        return db.read(h -> h.query("SELECT " + COLUMNS + " FROM plugins ORDER BY name", PluginRecords::map));
    }

    /** Inserts or updates a plugin's row; grants and the disabled flag are kept as they are. */
    PluginRecord save(PluginRecord r) {
        return db.write(h -> {
            String now = clock.timestamp();
            Optional<String> existing = h.queryOne("SELECT id FROM plugins WHERE name = ?", row -> row.getString(1), r.name());
            if (existing.isPresent()) {
                h.update("UPDATE plugins SET version = ?, display_name = ?, description = ?, state = ?, permissions = ?,"
                        + " manifest = ?, install_path = ?, error_message = ?, updated_at = ? WHERE name = ?",
                        r.version(), r.displayName(), r.description(), r.state().wireName(), json(r.requested()),
                        r.manifest(), r.installPath(), r.error(), now, r.name());
            } else {
                h.update("INSERT INTO plugins(id, name, version, display_name, description, state, permissions,"
                        + " granted_permissions, disabled, manifest, install_path, error_message, installed_at, updated_at)"
                        + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        ids.nextString(), r.name(), r.version(), r.displayName(), r.description(), r.state().wireName(),
                        json(r.requested()), json(r.granted()), r.disabled(), r.manifest(), r.installPath(), r.error(),
                        now, now);
            }
            return h.queryOne("SELECT " + COLUMNS + " FROM plugins WHERE name = ?", PluginRecords::map, r.name()).orElseThrow();
        });
    }

    void setState(String name, PluginState state, String error) {
        db.write(h -> h.update("UPDATE plugins SET state = ?, error_message = ?, updated_at = ? WHERE name = ?",
                state.wireName(), error, clock.timestamp(), name));
    }

    void setGranted(String name, Set<String> granted) {
        db.write(h -> h.update("UPDATE plugins SET granted_permissions = ?, updated_at = ? WHERE name = ?",
                json(granted), clock.timestamp(), name));
    }

    String settings(String name) {
        return db.read(h -> h.queryOne("SELECT settings FROM plugins WHERE name = ?", row -> row.getString(1), name))
                .orElse("{}");
    }

    void setSettings(String name, String json) {
        db.write(h -> h.update("UPDATE plugins SET settings = ?, updated_at = ? WHERE name = ?", json,
                clock.timestamp(), name));
    }

    /** Adds calls counted since the last flush. */
    void addCounters(String name, long executions, long failures, java.time.Instant lastExecutedAt, String lastError) {
        db.write(h -> h.update("UPDATE plugins SET execution_count = execution_count + ?, failure_count = failure_count + ?,"
                + " last_executed_at = coalesce(?, last_executed_at), last_error = coalesce(?, last_error) WHERE name = ?",
                executions, failures, lastExecutedAt, lastError, name));
    }

    /**
     * Deletes the plugin's row (foreign keys cascade to its storage) after {@code othersFirst}
     * deleted its data in other bundles' tables, all in one write transaction: when
     * {@code othersFirst} throws, nothing is deleted.
     */
    boolean delete(String name, Runnable othersFirst) {
        return db.write(h -> {
            othersFirst.run();
            return h.update("DELETE FROM plugins WHERE name = ?", name);
        }) > 0;
    }

    void setDisabled(String name, boolean disabled) {
        db.write(h -> h.update("UPDATE plugins SET disabled = ?, updated_at = ? WHERE name = ?", disabled,
                clock.timestamp(), name));
    }

    private static PluginRecord map(ResultSet row) throws SQLException {
        return new PluginRecord(row.getString(1), row.getString(2), row.getString(3), row.getString(4), row.getString(5),
                PluginState.fromWireName(row.getString(6)), set(row.getString(7)), set(row.getString(8)),
                row.getInt(9) != 0, row.getString(10), row.getString(11), row.getString(12),
                new PluginRecord.Counters(row.getLong(13), row.getLong(14),
                        row.getString(15) == null ? null : java.time.Instant.parse(row.getString(15)), row.getString(16)));
    }

    private static Set<String> set(String json) throws SQLException {
        try {
            return json == null ? Set.of() : new TreeSet<>(JSON.readValue(json, new TypeReference<List<String>>() { }));
        } catch (JsonProcessingException e) {
            throw new SQLException("stored permission list is not a JSON array of strings", e);
        }
    }

    private static String json(Set<String> values) {
        try {
            return JSON.writeValueAsString(new TreeSet<>(values));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
