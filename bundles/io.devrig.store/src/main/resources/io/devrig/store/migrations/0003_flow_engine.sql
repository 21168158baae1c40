-- Migration 3: what the flow engine keeps beyond the seed's columns.

-- the editable draft of a workflow (WorkflowDefinition JSON, editor layout included);
-- latest_version is 0 until the first publish
ALTER TABLE workflows ADD COLUMN draft TEXT;
ALTER TABLE workflows ADD COLUMN draft_updated_at TEXT;

-- a run's input (JSON object), the id tying its node runs and logs together, and a
-- cancel request the executing worker acts on
ALTER TABLE workflow_runs ADD COLUMN input TEXT NOT NULL DEFAULT '{}';
ALTER TABLE workflow_runs ADD COLUMN correlation_id TEXT;
ALTER TABLE workflow_runs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_wr_correlation ON workflow_runs(correlation_id);

-- one row per node of a run (its latest attempt); a node waiting for a retry has its time
ALTER TABLE node_runs ADD COLUMN next_attempt_at TEXT;
CREATE UNIQUE INDEX idx_nr_run_node_unique ON node_runs(run_id, node_id);
-- the unique index serves every lookup these did; each index is written on every step
-- (and the status index twice: a node is written running, then completed)
DROP INDEX idx_nr_run_node;
DROP INDEX idx_nr_run;
DROP INDEX idx_nr_status;
-- prefixes of idx_wr_workflow_status and idx_el_run_node
DROP INDEX idx_wr_workflow;
DROP INDEX idx_el_run;

ALTER TABLE execution_logs ADD COLUMN correlation_id TEXT;
CREATE INDEX idx_el_correlation ON execution_logs(correlation_id);

-- dry-runs write only here: the graph run with side effects previewed
CREATE TABLE dry_runs (
  id                TEXT PRIMARY KEY,               -- ULID
  workflow_id       TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  workflow_version  INTEGER NOT NULL,               -- 0 = the draft
  input             TEXT NOT NULL DEFAULT '{}',
  result            TEXT NOT NULL,                  -- JSON: DryRunResult
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX idx_dry_runs_workflow ON dry_runs(workflow_id, created_at);
