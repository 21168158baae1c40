-- Migration 7: what the trigger manager (io.devrig.trigger) keeps beyond the seed's columns.

-- One trigger per workflow: the trigger of its latest published version, which the manager
-- writes in the publish transaction. The id stays across versions, so counters, the pause
-- and a schedule's last fire carry over.
ALTER TABLE triggers ADD COLUMN workflow_version INTEGER NOT NULL DEFAULT 0;
-- fires dropped as duplicates (fire_count counts the fires that started a run)
ALTER TABLE triggers ADD COLUMN duplicate_count INTEGER NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX idx_triggers_workflow_unique ON triggers(workflow_id);
DROP INDEX idx_triggers_workflow;   -- a prefix of the unique index
DROP INDEX idx_triggers_state;      -- a handful of rows: scanned

-- What each fire did: 'started' (run_id set), 'duplicate' (the same deduplication key fired
-- within the window; duplicate_of names the first event) or 'refused' (reason says why).
ALTER TABLE trigger_events ADD COLUMN outcome TEXT NOT NULL DEFAULT 'started';
ALTER TABLE trigger_events ADD COLUMN run_id TEXT;
ALTER TABLE trigger_events ADD COLUMN reason TEXT;
ALTER TABLE trigger_events ADD COLUMN duplicate_of TEXT;
-- the deduplication lookup (per trigger, newest first) and the event listing of one trigger
CREATE INDEX idx_te_trigger_key ON trigger_events(trigger_id, dedup_key, fired_at);
CREATE INDEX idx_te_trigger_fired ON trigger_events(trigger_id, fired_at);
DROP INDEX idx_te_trigger;          -- a prefix of both
DROP INDEX idx_te_dedup;            -- keys are per trigger
DROP INDEX idx_te_processed;        -- nothing reads it: a fire starts its run in its own transaction
