-- Migration 4: what the unified inbox (io.devrig.inbox) keeps beyond the seed's columns.

-- A hash of the content a data source handed in (type, title, body, preview, URL, priority,
-- actionable, metadata, external time): a re-store of the same content is detected in the
-- upsert itself and leaves the row (and updated_at) untouched. NULL for rows written before.
ALTER TABLE inbox_items ADD COLUMN content_hash TEXT;

-- Migration 1's update trigger re-indexed the full text on every UPDATE, so marking an item
-- read deleted and re-inserted its (up to 1 MiB) body in the index. Re-index only when an
-- indexed column really changed; the 'delete' of the old values then the insert of the new
-- ones is what an external-content FTS5 table needs.
DROP TRIGGER inbox_items_au;
CREATE TRIGGER inbox_items_au AFTER UPDATE OF title, body, preview ON inbox_items
WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.preview IS NOT NEW.preview
BEGIN
  INSERT INTO inbox_items_fts(inbox_items_fts, rowid, title, body, preview)
  VALUES ('delete', OLD.rowid, OLD.title, OLD.body, OLD.preview);
  INSERT INTO inbox_items_fts(rowid, title, body, preview)
  VALUES (NEW.rowid, NEW.title, NEW.body, NEW.preview);
END;

-- Ranking: a match in the title counts ten times one in the body, the preview three times
-- (FTS5's persistent 'rank' option, used by ORDER BY rank).
INSERT INTO inbox_items_fts(inbox_items_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 3.0)');

-- "Most urgent first, then newest" walks this index backwards instead of sorting every row
-- (the inbox orders by exactly this expression DESC, created_at DESC, rowid DESC).
CREATE INDEX idx_inbox_priority_rank ON inbox_items(
  (CASE priority WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END), created_at);

-- The stats (counts over the items not archived, per plugin, per priority, of the last day)
-- read covering indexes instead of every row.
DROP INDEX idx_inbox_type;
CREATE INDEX idx_inbox_type ON inbox_items(plugin_id, type, status);
DROP INDEX idx_inbox_priority;
CREATE INDEX idx_inbox_priority ON inbox_items(priority, status);
DROP INDEX idx_inbox_created;
CREATE INDEX idx_inbox_created ON inbox_items(created_at, status);

-- Every index is written on every insert: drop the ones another index already serves.
DROP INDEX idx_inbox_external;   -- same columns as the UNIQUE(plugin_id, external_id) index
DROP INDEX idx_inbox_plugin;     -- a prefix of that UNIQUE index
DROP INDEX idx_inbox_status;     -- a prefix of idx_inbox_snoozed(status, snoozed_until)
