-- Migration 8: two indexes that every run paid for and no query reads. A run's start writes
-- its job (claimed at once when a worker is free) and its end completes it; a run writes
-- log lines. An index nothing reads costs a b-tree change on each of those for nothing.

DROP INDEX idx_jq_locked;   -- a holder's check finds its job by id first (id = ? AND locked_by = ?)
DROP INDEX idx_el_level;    -- logs are read by run
