package io.devrig.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.devrig.api.error.DevRigException;
import io.devrig.api.error.ErrorCodes;
import io.devrig.api.time.DevRigClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration 6 keys inbox_items and plugin_sync_state by the plugin's name: rows written at
 * version 5 are carried over with their rowids (so full-text search keeps working without a
 * rebuild), nothing references plugins any more, and the runner keeps foreign keys honest.
 */
class PluginKeysMigrationTest {

    @TempDir
    Path dir;
    SqliteDatabase db;
    final DevRigClock clock = () -> Instant.parse("2026-11-23T08:00:00Z");

    @AfterEach
    void tearDown() {
        if (db != null) {
            db.close();
        }
    }

    private SqliteDatabase open(MigrationCatalog catalog) {
        return SqliteDatabase.open(StoreSettings.defaults(dir.resolve("devrig.db")), catalog, clock);
    }

    private static MigrationCatalog upTo(int version) {
        return MigrationCatalog.of(SqliteDatabaseTest.shipped().migrations().subList(0, version));
    }

    private List<String> strings(String sql) {
        List<String> out = db.read(h -> h.query(sql, r -> {
            StringBuilder b = new StringBuilder();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                b.append(i == 1 ? "" : " ").append(r.getString(i));
            }
            return b.toString();
        }));
        return out;
    }

    private String one(String sql) {
        List<String> rows = strings(sql);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void rowsOfVersion5AreCarriedOverKeyedByPluginName() {
        db = open(upTo(5));
        db.write(h -> {
            h.update("INSERT INTO plugins(id, name, version, display_name, install_path, manifest) VALUES"
                    + " ('01PLUGINROW', 'acme.tracker', '1', 'Acme', 'x', '{}')");
            h.update("INSERT INTO inbox_items(id, plugin_id, external_id, type, title, body, status, content_hash)"
                    + " VALUES ('I1', '01PLUGINROW', 'e1', 'issue', 'Deploy failed', 'on staging', 'read', 'h1')");
            h.update("INSERT INTO inbox_items(id, plugin_id, external_id, type, title, status)"
                    + " VALUES ('I2', '01PLUGINROW', 'e2', 'issue', 'Rollback done', 'unread')");
            h.update("INSERT INTO ai_operations(id, provider, model, operation, inbox_item_id)"
                    + " VALUES ('A1', 'local', 'm', 'classify', 'I1')");
            h.update("INSERT INTO plugin_sync_state(plugin_id, data_source_id, sync_cursor, items_synced, interval_ms,"
                    + " enabled, quiet_hours, job_id) VALUES ('01PLUGINROW', 'acme.tickets', 'c7', 42, 60000, 0, '{}', 'J1')");
            return null;
        });
        db.close();

        db = open(SqliteDatabaseTest.shipped());
        assertThat(strings("SELECT id, plugin_id, external_id, status, content_hash FROM inbox_items ORDER BY id"))
                .containsExactly("I1 acme.tracker e1 read h1", "I2 acme.tracker e2 unread null");
        assertThat(strings("SELECT i.id FROM inbox_items_fts JOIN inbox_items i ON i.rowid ="
                + " inbox_items_fts.rowid WHERE inbox_items_fts MATCH 'deploy'"))
                .as("the index still points at the carried-over rows").containsExactly("I1");
        assertThat(one("SELECT inbox_item_id FROM ai_operations")).as("a reference to an item survives the rebuild")
                .isEqualTo("I1");
        assertThat(strings("SELECT plugin_id, data_source_id, sync_cursor, items_synced, interval_ms, enabled, job_id"
                + " FROM plugin_sync_state"))
                .containsExactly("acme.tracker acme.tickets c7 42 60000 0 J1");

        // nothing references plugins: a purge of its row leaves the rows to their owners
        assertThat(strings("SELECT \"table\" FROM pragma_foreign_key_list('inbox_items')"
                + " UNION ALL SELECT \"table\" FROM pragma_foreign_key_list('plugin_sync_state')"))
                .isEmpty();
        db.write(h -> h.update("DELETE FROM plugins"));
        assertThat(one("SELECT count(*) FROM inbox_items")).isEqualTo("2");

        // triggers and indexes are back: new, changed and deleted rows are noted for the index
        // (migration 10; the inbox applies the notes), each with what the index holds for it
        db.write(h -> {
            h.update("INSERT INTO inbox_items(id, plugin_id, external_id, type, title) VALUES ('I3', 'acme.tracker', 'e3',"
                    + " 'issue', 'Deploy again')");
            h.update("UPDATE inbox_items SET title = 'Release notes' WHERE id = 'I1'");
            h.update("DELETE FROM inbox_items WHERE id = 'I2'");
            return null;
        });
        assertThat(strings("SELECT coalesce(i.id, 'gone'), p.indexed, p.title FROM inbox_fts_pending p"
                + " LEFT JOIN inbox_items i ON i.rowid = p.item_rowid ORDER BY p.item_rowid"))
                .containsExactly("I1 1 Deploy failed", "gone 1 Rollback done", "I3 0 null");
        assertThat(SqliteDatabaseTest.schemaObjects(db, "trigger"))
                .containsExactlyInAnyOrder("inbox_items_ai", "inbox_items_ad", "inbox_items_au");
        assertThat(SqliteDatabaseTest.schemaObjects(db, "index")).contains("idx_inbox_type", "idx_inbox_priority",
                "idx_inbox_actionable", "idx_inbox_snoozed", "idx_inbox_updated", "idx_inbox_created",
                "idx_inbox_priority_rank", "idx_pss_status", "idx_pss_due");
        assertThatThrownBy(() -> db.write(h -> h.update("INSERT INTO inbox_items(id, plugin_id, external_id, type, title)"
                + " VALUES ('I4', 'acme.tracker', 'e3', 'issue', 'dup')"))).as("UNIQUE(plugin_id, external_id) kept")
                .isInstanceOf(DevRigException.class);
        assertThat(one("PRAGMA integrity_check")).isEqualTo("ok");
    }

    @Test
    void aMigrationThatBreaksAForeignKeyIsRolledBack() {
        List<Migration> all = new java.util.ArrayList<>(SqliteDatabaseTest.shipped().migrations());
        int v = all.size() + 1;
        all.add(new Migration(v, String.format("%04d_test.sql", v),
                "INSERT INTO workflow_versions(id, workflow_id, version, definition) VALUES ('V1', 'nosuchworkflow', 1, '{}')"));
        assertThatThrownBy(() -> open(MigrationCatalog.of(all)))
                .isInstanceOfSatisfying(DevRigException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCodes.DB_MIGRATION_FAILED);
                    assertThat(e.getMessage()).contains("foreign key violation", "workflow_versions", "workflows");
                });
        db = open(SqliteDatabaseTest.shipped());
        assertThat(one("SELECT count(*) FROM workflow_versions")).isEqualTo("0");
        assertThat(one("PRAGMA foreign_keys")).isEqualTo("1");
    }
}
