-- Migration 2: what the plugin runtime keeps per plugin beyond the seed's columns.
--   plugins.name        = the plugin id (its bundle symbolic name)
--   plugins.permissions = permissions its descriptor asks for (JSON array)
--   plugins.state       = installed | awaiting-approval | active | error | disabled
--   plugins.install_path = the bundle location

-- permissions an admin granted (JSON array); a new version asking for more waits for approval
ALTER TABLE plugins ADD COLUMN granted_permissions TEXT NOT NULL DEFAULT '[]';
-- the admin's "disabled" choice, kept apart from the state so it survives re-validation
ALTER TABLE plugins ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
-- the invoker's counters, flushed periodically
ALTER TABLE plugins ADD COLUMN execution_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plugins ADD COLUMN failure_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plugins ADD COLUMN last_executed_at TEXT;
ALTER TABLE plugins ADD COLUMN last_error TEXT;
