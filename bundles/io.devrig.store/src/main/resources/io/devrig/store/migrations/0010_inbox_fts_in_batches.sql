-- Migration 10: the inbox's full-text index is kept up to date in batches (io.devrig.inbox).
-- Until now each item written updated inbox_items_fts in its own transaction: FTS5 writes a new
-- index segment per transaction (and per savepoint), then merges them, which made the index
-- most of the cost of storing one item. Now the triggers only note which items changed and
-- what the index holds for them; the inbox applies the notes many at a time (in the background
-- shortly after, and before every search, so a search still sees every committed item).
CREATE TABLE inbox_fts_pending (
  -- the item's rowid (inbox_items_fts is external content by rowid)
  item_rowid INTEGER PRIMARY KEY,
  -- 1: the index holds the values below for this rowid and they are deleted from it first;
  -- 0: the index holds nothing for it yet
  indexed INTEGER NOT NULL,
  title TEXT,
  body TEXT,
  preview TEXT
);

-- The first note per rowid wins: it says what the index holds, whatever changed after. (NOT
-- EXISTS rather than OR IGNORE: a trigger's conflict clause gives way to the policy of the
-- statement that fired it, and the inbox's upsert has one.)
DROP TRIGGER inbox_items_ai;
CREATE TRIGGER inbox_items_ai AFTER INSERT ON inbox_items BEGIN
  INSERT INTO inbox_fts_pending(item_rowid, indexed)
  SELECT NEW.rowid, 0 WHERE NOT EXISTS (SELECT 1 FROM inbox_fts_pending WHERE item_rowid = NEW.rowid);
END;

DROP TRIGGER inbox_items_au;
CREATE TRIGGER inbox_items_au AFTER UPDATE OF title, body, preview ON inbox_items
WHEN OLD.title IS NOT NEW.title OR OLD.body IS NOT NEW.body OR OLD.preview IS NOT NEW.preview
BEGIN
  INSERT INTO inbox_fts_pending(item_rowid, indexed, title, body, preview)
  SELECT OLD.rowid, 1, OLD.title, OLD.body, OLD.preview
  WHERE NOT EXISTS (SELECT 1 FROM inbox_fts_pending WHERE item_rowid = OLD.rowid);
END;

DROP TRIGGER inbox_items_ad;
CREATE TRIGGER inbox_items_ad AFTER DELETE ON inbox_items BEGIN
  INSERT INTO inbox_fts_pending(item_rowid, indexed, title, body, preview)
  SELECT OLD.rowid, 1, OLD.title, OLD.body, OLD.preview
  WHERE NOT EXISTS (SELECT 1 FROM inbox_fts_pending WHERE item_rowid = OLD.rowid);
END;
