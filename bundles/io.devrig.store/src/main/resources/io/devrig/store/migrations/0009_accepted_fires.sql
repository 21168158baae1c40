-- Migration 9: fires accepted before their runs start (io.devrig.trigger). Under a burst of
-- fires the trigger manager commits the events first (outcome 'accepted', processed 0, run_id
-- the id their run will have) and starts their runs when its intake is quiet, and after a
-- restart; the start sets processed. Every row written before this was processed when written.
UPDATE trigger_events SET processed = 1 WHERE processed = 0;
-- the accepted events waiting for their start, oldest first (an entry lives for moments)
CREATE INDEX idx_te_unprocessed ON trigger_events(fired_at) WHERE processed = 0;
