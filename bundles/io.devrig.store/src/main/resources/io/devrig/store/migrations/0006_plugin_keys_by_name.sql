-- Migration 6: inbox_items (io.devrig.inbox) and plugin_sync_state (io.devrig.sync) name
-- their plugin by its id, the plugin's name (its bundle symbolic name, plugins.name), the id
-- plugins are known by everywhere else, instead of the ULID of its plugins row. Neither table
-- references plugins any more: plugins belongs to io.devrig.plugin, and a purge deletes a
-- plugin's items and sync state through their owners (PluginDataOwner), not by a cascade.
--
-- A foreign key cannot be dropped in SQLite, so both tables are rebuilt (the 12-step
-- procedure of https://www.sqlite.org/lang_altertable.html; the runner turns foreign keys off
-- around every migration and runs foreign_key_check before it commits). Every row is carried
-- over with the same rowid, so inbox_items_fts (external content by rowid) stays valid
-- without a rebuild; a row whose plugins row is missing keeps the value it had.

-- ------------------------------------------------------------------ inbox_items

CREATE TABLE inbox_items_new (
  id                TEXT PRIMARY KEY,               -- ULID
  plugin_id         TEXT NOT NULL,                  -- the plugin's id: its name (bundle symbolic name)
  external_id       TEXT NOT NULL,                  -- Unique within plugin (e.g., GitHub notification ID)
  type              TEXT NOT NULL,                  -- Plugin-scoped type (e.g., 'pull_request', 'issue')
  title             TEXT NOT NULL,
  body              TEXT,                           -- Full content (markdown)
  preview           TEXT,                           -- Short preview (max 280 chars)
  source_url        TEXT,                           -- URL to open in browser
  priority          TEXT DEFAULT 'normal',          -- 'urgent', 'high', 'normal', 'low'
  status            TEXT NOT NULL DEFAULT 'unread', -- 'unread', 'read', 'archived', 'snoozed'
  ai_classification TEXT,                           -- JSON: { category, confidence, reasoning }
  ai_summary        TEXT,                           -- AI-generated summary
  ai_draft          TEXT,                           -- AI-generated draft response
  metadata          TEXT DEFAULT '{}',              -- JSON: plugin-specific structured data
  is_actionable     INTEGER NOT NULL DEFAULT 0,     -- boolean: requires user action
  snoozed_until     TEXT,                           -- Snooze expiry timestamp
  external_created_at TEXT,                         -- When item was created in source system
  synced_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  content_hash      TEXT,                           -- migration 4
  UNIQUE(plugin_id, external_id)
);

INSERT INTO inbox_items_new (rowid, id, plugin_id, external_id, type, title, body, preview, source_url, priority,
  status, ai_classification, ai_summary, ai_draft, metadata, is_actionable, snoozed_until, external_created_at,
  synced_at, created_at, updated_at, content_hash)
SELECT i.rowid, i.id, COALESCE((SELECT p.name FROM plugins p WHERE p.id = i.plugin_id), i.plugin_id), i.external_id,
  i.type, i.title, i.body, i.preview, i.source_url, i.priority, i.status, i.ai_classification, i.ai_summary,
  i.ai_draft, i.metadata, i.is_actionable, i.snoozed_until, i.external_created_at, i.synced_at, i.created_at,
  i.updated_at, i.content_hash
FROM inbox_items i;

DROP TABLE inbox_items;   -- with its indexes and triggers; inbox_items_fts keeps its entries (same rowids)
ALTER TABLE inbox_items_new RENAME TO inbox_items;

-- The indexes as migrations 1 and 4 left them.
CREATE INDEX idx_inbox_type ON inbox_items(plugin_id, type, status);
CREATE INDEX idx_inbox_priority ON inbox_items(priority, status);
CREATE INDEX idx_inbox_actionable ON inbox_items(is_actionable, status);
CREATE INDEX idx_inbox_snoozed ON inbox_items(status, snoozed_until);
CREATE INDEX idx_inbox_updated ON inbox_items(updated_at);
CREATE INDEX idx_inbox_created ON inbox_items(created_at, status);
CREATE INDEX idx_inbox_priority_rank ON inbox_items(
  (CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END), created_at);

-- The FTS triggers as migrations 1 and 4 left them.
CREATE TRIGGER inbox_items_ai AFTER INSERT ON inbox_items BEGIN
  INSERT INTO inbox_items_fts(rowid, title, body, preview)
  VALUES (NEW.rowid, NEW.title, NEW.body, NEW.preview);
END;

CREATE TRIGGER inbox_items_ad AFTER DELETE ON inbox_items BEGIN
  INSERT INTO inbox_items_fts(inbox_items_fts, rowid, title, body, preview)
  VALUES ('delete', OLD.rowid, OLD.title, OLD.body, OLD.preview);
END;

CREATE TRIGGER inbox_items_au AFTER UPDATE OF title, body, preview ON inbox_items
WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.preview IS NOT NEW.preview
BEGIN
  INSERT INTO inbox_items_fts(inbox_items_fts, rowid, title, body, preview)
  VALUES ('delete', OLD.rowid, OLD.title, OLD.body, OLD.preview);
  INSERT INTO inbox_items_fts(rowid, title, body, preview)
  VALUES (NEW.rowid, NEW.title, NEW.body, NEW.preview);
END;

-- ------------------------------------------------------------------ plugin_sync_state

CREATE TABLE plugin_sync_state_new (
  plugin_id         TEXT NOT NULL,                  -- the plugin's id: its name (bundle symbolic name)
  data_source_id    TEXT NOT NULL,                  -- Data source ID within the plugin
  last_sync_at      TEXT,                           -- When last successful sync completed
  sync_cursor       TEXT,                           -- Opaque cursor (timestamp, page token, ETag)
  sync_status       TEXT NOT NULL DEFAULT 'idle',   -- 'idle', 'syncing', 'error'
  error             TEXT,                           -- Last error message (null on success)
  items_synced      INTEGER NOT NULL DEFAULT 0,     -- Cumulative items synced
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  -- migration 5
  next_sync_at      TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  interval_ms       INTEGER,
  enabled           INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  quiet_hours       TEXT,
  config            TEXT NOT NULL DEFAULT '{}',
  job_id            TEXT,
  PRIMARY KEY (plugin_id, data_source_id)
);

INSERT INTO plugin_sync_state_new (plugin_id, data_source_id, last_sync_at, sync_cursor, sync_status, error,
  items_synced, created_at, updated_at, next_sync_at, consecutive_failures, interval_ms, enabled, quiet_hours,
  config, job_id)
SELECT COALESCE((SELECT p.name FROM plugins p WHERE p.id = s.plugin_id), s.plugin_id), s.data_source_id,
  s.last_sync_at, s.sync_cursor, s.sync_status, s.error, s.items_synced, s.created_at, s.updated_at, s.next_sync_at,
  s.consecutive_failures, s.interval_ms, s.enabled, s.quiet_hours, s.config, s.job_id
FROM plugin_sync_state s;

DROP TABLE plugin_sync_state;
ALTER TABLE plugin_sync_state_new RENAME TO plugin_sync_state;

CREATE INDEX idx_pss_status ON plugin_sync_state(sync_status);
-- idx_pss_plugin (plugin_id) is not recreated: a prefix of the primary key, which serves it.
CREATE INDEX idx_pss_due ON plugin_sync_state(next_sync_at) WHERE enabled = 1 AND job_id IS NULL;
