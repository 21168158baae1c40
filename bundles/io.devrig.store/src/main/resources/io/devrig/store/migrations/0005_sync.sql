-- Migration 5: what the sync scheduler (io.devrig.sync) keeps per data source beyond the
-- seed's columns of plugin_sync_state (cursor, last sync, status, error, items synced).

-- When the next cycle is due (NULL: as soon as possible).
ALTER TABLE plugin_sync_state ADD COLUMN next_sync_at TEXT;
-- Failures since the last success; they set the backoff (1 min doubling to 1 h).
ALTER TABLE plugin_sync_state ADD COLUMN consecutive_failures INTEGER NOT NULL DEFAULT 0;
-- The admin's interval override in ms (NULL: the plugin's default, else 5 min).
ALTER TABLE plugin_sync_state ADD COLUMN interval_ms INTEGER;
ALTER TABLE plugin_sync_state ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1));
-- JSON {"start":"HH:mm","end":"HH:mm","zone":"Europe/Berlin"} or NULL.
ALTER TABLE plugin_sync_state ADD COLUMN quiet_hours TEXT;
-- JSON object handed to the data source as SyncRequest.config.
ALTER TABLE plugin_sync_state ADD COLUMN config TEXT NOT NULL DEFAULT '{}';
-- The queue job of the cycle that is queued or running (NULL: none). Set in the same
-- transaction as the enqueue, cleared in the one that records the cycle's end, so a source
-- is never queued twice and a crash leaves the job to be rescued, not a second one.
ALTER TABLE plugin_sync_state ADD COLUMN job_id TEXT;

-- The scheduler's tick: enabled sources with no cycle in flight, by due time.
CREATE INDEX idx_pss_due ON plugin_sync_state(next_sync_at) WHERE enabled = 1 AND job_id IS NULL;
