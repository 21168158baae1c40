-- Migration 1: the whole schema of the seed architecture §10.3, plus prompt_templates (§12.5).
--
-- Differences from the seed DDL, on purpose:
--   * ids are ULIDs (26 characters, time-ordered), not cuid2;
--   * timestamp defaults are UTC ISO-8601 with milliseconds
--     (strftime('%Y-%m-%dT%H:%M:%fZ','now') = 2026-11-23T08:15:30.123Z), the same format
--     DevRig writes from Java, so text order is time order everywhere.
--
-- The migration runner wraps this script in one transaction and sets user_version = 1;
-- scripts must not BEGIN/COMMIT themselves.

-- ============================================================
-- WORKFLOWS
-- ============================================================

CREATE TABLE workflows (
  id                TEXT PRIMARY KEY,               -- ULID
  name              TEXT NOT NULL,
  description       TEXT DEFAULT '',
  latest_version    INTEGER NOT NULL DEFAULT 1,
  is_enabled        INTEGER NOT NULL DEFAULT 1,     -- boolean
  folder_id         TEXT REFERENCES folders(id) ON DELETE SET NULL,
  tags              TEXT DEFAULT '[]',              -- JSON array of strings
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_workflows_enabled ON workflows(is_enabled);
CREATE INDEX idx_workflows_folder ON workflows(folder_id);
CREATE INDEX idx_workflows_updated ON workflows(updated_at);

CREATE TABLE workflow_versions (
  id                TEXT PRIMARY KEY,               -- ULID
  workflow_id       TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  version           INTEGER NOT NULL,
  definition        TEXT NOT NULL,                  -- JSON: WorkflowDefinition
  schema_version    INTEGER NOT NULL DEFAULT 1,     -- For definition format migrations
  change_summary    TEXT DEFAULT '',
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE(workflow_id, version)
);

CREATE INDEX idx_wv_workflow ON workflow_versions(workflow_id);
CREATE INDEX idx_wv_workflow_version ON workflow_versions(workflow_id, version);

-- ============================================================
-- TRIGGERS
-- ============================================================

CREATE TABLE triggers (
  id                TEXT PRIMARY KEY,               -- ULID
  workflow_id       TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  type              TEXT NOT NULL,                  -- 'cron', 'webhook', 'filesystem', etc.
  config            TEXT NOT NULL,                  -- JSON: TriggerConfig
  state             TEXT NOT NULL DEFAULT 'active', -- 'active', 'paused', 'error'
  last_fired_at     TEXT,
  fire_count        INTEGER NOT NULL DEFAULT 0,
  error_count       INTEGER NOT NULL DEFAULT 0,
  last_error        TEXT,
  dedup_state       TEXT,                          -- JSON: deduplication state (hash, etc.)
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_triggers_workflow ON triggers(workflow_id);
CREATE INDEX idx_triggers_type ON triggers(type);
CREATE INDEX idx_triggers_state ON triggers(state);

CREATE TABLE trigger_events (
  id                TEXT PRIMARY KEY,               -- ULID
  trigger_id        TEXT NOT NULL REFERENCES triggers(id) ON DELETE CASCADE,
  workflow_id       TEXT NOT NULL,
  dedup_key         TEXT NOT NULL,
  payload           TEXT,                          -- JSON
  fired_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  processed         INTEGER NOT NULL DEFAULT 0     -- boolean
);

CREATE INDEX idx_te_trigger ON trigger_events(trigger_id);
CREATE INDEX idx_te_dedup ON trigger_events(dedup_key, fired_at);
CREATE INDEX idx_te_processed ON trigger_events(processed);

-- ============================================================
-- WORKFLOW RUNS
-- ============================================================

CREATE TABLE workflow_runs (
  id                TEXT PRIMARY KEY,               -- ULID
  workflow_id       TEXT NOT NULL REFERENCES workflows(id) ON DELETE CASCADE,
  workflow_version  INTEGER NOT NULL,
  trigger_event_id  TEXT REFERENCES trigger_events(id) ON DELETE SET NULL,
  status            TEXT NOT NULL DEFAULT 'pending',-- 'pending','running','completed','failed','cancelled','timed_out'
  context           TEXT DEFAULT '{}',              -- JSON: runtime context (trigger payload, node outputs)
  error             TEXT,                           -- JSON: error details if failed
  started_at        TEXT,
  completed_at      TEXT,
  duration_ms       INTEGER,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_wr_workflow ON workflow_runs(workflow_id);
CREATE INDEX idx_wr_status ON workflow_runs(status);
CREATE INDEX idx_wr_created ON workflow_runs(created_at);
CREATE INDEX idx_wr_workflow_status ON workflow_runs(workflow_id, status);

CREATE TABLE node_runs (
  id                TEXT PRIMARY KEY,               -- ULID
  run_id            TEXT NOT NULL REFERENCES workflow_runs(id) ON DELETE CASCADE,
  node_id           TEXT NOT NULL,                  -- References node within workflow definition
  action_type       TEXT NOT NULL,
  status            TEXT NOT NULL DEFAULT 'pending',-- 'pending','running','completed','failed','skipped'
  input             TEXT,                           -- JSON: resolved input
  output            TEXT,                           -- JSON: action output
  error             TEXT,                           -- JSON: error details
  attempt           INTEGER NOT NULL DEFAULT 1,
  started_at        TEXT,
  completed_at      TEXT,
  duration_ms       INTEGER,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_nr_run ON node_runs(run_id);
CREATE INDEX idx_nr_status ON node_runs(status);
CREATE INDEX idx_nr_run_node ON node_runs(run_id, node_id);

-- ============================================================
-- PLUGINS
-- ============================================================

CREATE TABLE plugins (
  id                TEXT PRIMARY KEY,               -- ULID
  name              TEXT NOT NULL UNIQUE,           -- npm package name
  version           TEXT NOT NULL,
  display_name      TEXT NOT NULL,
  description       TEXT DEFAULT '',
  author            TEXT DEFAULT '',
  state             TEXT NOT NULL DEFAULT 'installed', -- 'installed','active','error','disabled'
  permissions       TEXT DEFAULT '[]',              -- JSON array of permission strings
  settings          TEXT DEFAULT '{}',              -- JSON: user-configured plugin settings
  install_path      TEXT NOT NULL,                  -- Absolute path to plugin directory
  manifest          TEXT NOT NULL,                  -- JSON: full plugin manifest
  error_message     TEXT,
  installed_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_plugins_name ON plugins(name);
CREATE INDEX idx_plugins_state ON plugins(state);

CREATE TABLE plugin_storage (
  id                TEXT PRIMARY KEY,               -- ULID
  plugin_id         TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
  key               TEXT NOT NULL,
  value             TEXT,                           -- JSON
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE(plugin_id, key)
);

CREATE INDEX idx_ps_plugin_key ON plugin_storage(plugin_id, key);

-- ============================================================
-- SECRETS
-- ============================================================

CREATE TABLE secrets (
  id                TEXT PRIMARY KEY,               -- ULID
  name              TEXT NOT NULL UNIQUE,           -- User-friendly key name
  encrypted_value   TEXT NOT NULL,                  -- AES-256-GCM encrypted
  iv                TEXT NOT NULL,                  -- Initialization vector
  auth_tag          TEXT NOT NULL,                  -- GCM authentication tag
  category          TEXT DEFAULT 'general',
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_secrets_name ON secrets(name);

-- ============================================================
-- JOB QUEUE
-- ============================================================

CREATE TABLE job_queue (
  id                TEXT PRIMARY KEY,               -- ULID
  type              TEXT NOT NULL,                  -- 'workflow_run', 'action_exec', etc.
  payload           TEXT NOT NULL,                  -- JSON: job-specific data
  priority          INTEGER NOT NULL DEFAULT 0,     -- Higher = more urgent
  status            TEXT NOT NULL DEFAULT 'pending',-- 'pending','processing','completed','failed','dead'
  attempts          INTEGER NOT NULL DEFAULT 0,
  max_attempts      INTEGER NOT NULL DEFAULT 3,
  next_retry_at     TEXT,
  locked_by         TEXT,                           -- Worker thread ID
  locked_at         TEXT,
  error             TEXT,                           -- JSON: last error
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  completed_at      TEXT
);

CREATE INDEX idx_jq_status_priority ON job_queue(status, priority DESC, created_at);
CREATE INDEX idx_jq_type ON job_queue(type);
CREATE INDEX idx_jq_locked ON job_queue(locked_by);
CREATE INDEX idx_jq_retry ON job_queue(status, next_retry_at);

-- ============================================================
-- LOGS
-- ============================================================

CREATE TABLE execution_logs (
  id                TEXT PRIMARY KEY,               -- ULID
  run_id            TEXT REFERENCES workflow_runs(id) ON DELETE CASCADE,
  node_id           TEXT,                           -- Null for workflow-level logs
  level             TEXT NOT NULL,                  -- 'debug','info','warn','error'
  message           TEXT NOT NULL,
  metadata          TEXT,                           -- JSON: structured data
  timestamp         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_el_run ON execution_logs(run_id);
CREATE INDEX idx_el_level ON execution_logs(level);
CREATE INDEX idx_el_timestamp ON execution_logs(timestamp);
CREATE INDEX idx_el_run_node ON execution_logs(run_id, node_id);

-- ============================================================
-- AI USAGE TRACKING
-- ============================================================

CREATE TABLE ai_usage (
  id                TEXT PRIMARY KEY,               -- ULID
  run_id            TEXT REFERENCES workflow_runs(id) ON DELETE SET NULL,
  node_id           TEXT,
  provider          TEXT NOT NULL,                  -- 'anthropic', 'claude_code'
  model             TEXT NOT NULL,                  -- 'claude-sonnet-4-20250514', etc.
  input_tokens      INTEGER NOT NULL DEFAULT 0,
  output_tokens     INTEGER NOT NULL DEFAULT 0,
  cache_read_tokens INTEGER NOT NULL DEFAULT 0,
  cache_write_tokens INTEGER NOT NULL DEFAULT 0,
  cost_usd          REAL NOT NULL DEFAULT 0.0,
  duration_ms       INTEGER,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_ai_run ON ai_usage(run_id);
CREATE INDEX idx_ai_created ON ai_usage(created_at);
CREATE INDEX idx_ai_provider ON ai_usage(provider);

-- ============================================================
-- FOLDERS (Organizational)
-- ============================================================

CREATE TABLE folders (
  id                TEXT PRIMARY KEY,               -- ULID
  name              TEXT NOT NULL,
  parent_id         TEXT REFERENCES folders(id) ON DELETE CASCADE,
  sort_order        INTEGER NOT NULL DEFAULT 0,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_folders_parent ON folders(parent_id);

-- ============================================================
-- SYNC METADATA (Future-Ready)
-- ============================================================

CREATE TABLE sync_metadata (
  id                TEXT PRIMARY KEY,               -- ULID
  table_name        TEXT NOT NULL,
  row_id            TEXT NOT NULL,
  local_version     INTEGER NOT NULL DEFAULT 1,     -- Lamport timestamp
  server_version    INTEGER,
  last_synced_at    TEXT,
  sync_state        TEXT DEFAULT 'pending',         -- 'pending','synced','conflict'
  UNIQUE(table_name, row_id)
);

CREATE INDEX idx_sync_state ON sync_metadata(sync_state);
CREATE INDEX idx_sync_table ON sync_metadata(table_name);

-- ============================================================
-- APP SETTINGS
-- ============================================================

CREATE TABLE app_settings (
  key               TEXT PRIMARY KEY,
  value             TEXT NOT NULL,                  -- JSON
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- ============================================================
-- UNIFIED INBOX (Plugin Data Aggregation)
-- ============================================================

CREATE TABLE inbox_items (
  id                TEXT PRIMARY KEY,               -- ULID
  plugin_id         TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
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
  UNIQUE(plugin_id, external_id)
);

CREATE INDEX idx_inbox_plugin ON inbox_items(plugin_id);
CREATE INDEX idx_inbox_status ON inbox_items(status);
CREATE INDEX idx_inbox_priority ON inbox_items(priority);
CREATE INDEX idx_inbox_type ON inbox_items(plugin_id, type);
CREATE INDEX idx_inbox_actionable ON inbox_items(is_actionable, status);
CREATE INDEX idx_inbox_snoozed ON inbox_items(status, snoozed_until);
CREATE INDEX idx_inbox_updated ON inbox_items(updated_at);
CREATE INDEX idx_inbox_created ON inbox_items(created_at);
CREATE INDEX idx_inbox_external ON inbox_items(plugin_id, external_id);

-- Full-text search on inbox items
CREATE VIRTUAL TABLE inbox_items_fts USING fts5(
  title,
  body,
  preview,
  content='inbox_items',
  content_rowid='rowid'
);

-- Triggers to keep FTS index in sync
CREATE TRIGGER inbox_items_ai AFTER INSERT ON inbox_items BEGIN
  INSERT INTO inbox_items_fts(rowid, title, body, preview)
  VALUES (NEW.rowid, NEW.title, NEW.body, NEW.preview);
END;

CREATE TRIGGER inbox_items_ad AFTER DELETE ON inbox_items BEGIN
  INSERT INTO inbox_items_fts(inbox_items_fts, rowid, title, body, preview)
  VALUES ('delete', OLD.rowid, OLD.title, OLD.body, OLD.preview);
END;

CREATE TRIGGER inbox_items_au AFTER UPDATE ON inbox_items BEGIN
  INSERT INTO inbox_items_fts(inbox_items_fts, rowid, title, body, preview)
  VALUES ('delete', OLD.rowid, OLD.title, OLD.body, OLD.preview);
  INSERT INTO inbox_items_fts(rowid, title, body, preview)
  VALUES (NEW.rowid, NEW.title, NEW.body, NEW.preview);
END;

-- ============================================================
-- PLUGIN SYNC STATE
-- ============================================================

CREATE TABLE plugin_sync_state (
  plugin_id         TEXT NOT NULL REFERENCES plugins(id) ON DELETE CASCADE,
  data_source_id    TEXT NOT NULL,                  -- Data source ID within the plugin
  last_sync_at      TEXT,                           -- When last successful sync completed
  sync_cursor       TEXT,                           -- Opaque cursor (timestamp, page token, ETag)
  sync_status       TEXT NOT NULL DEFAULT 'idle',   -- 'idle', 'syncing', 'error'
  error             TEXT,                           -- Last error message (null on success)
  items_synced      INTEGER NOT NULL DEFAULT 0,     -- Cumulative items synced
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (plugin_id, data_source_id)
);

CREATE INDEX idx_pss_status ON plugin_sync_state(sync_status);
CREATE INDEX idx_pss_plugin ON plugin_sync_state(plugin_id);

-- ============================================================
-- AI OPERATIONS (Unified Cost Tracking)
-- ============================================================

CREATE TABLE ai_operations (
  id                TEXT PRIMARY KEY,               -- ULID
  provider          TEXT NOT NULL,                  -- 'anthropic', 'openai', 'ollama', etc.
  model             TEXT NOT NULL,                  -- 'claude-sonnet-4-20250514', 'gpt-4o', etc.
  operation         TEXT NOT NULL,                  -- 'complete', 'stream', 'classify', 'summarize', 'draft'
  plugin_id         TEXT REFERENCES plugins(id) ON DELETE SET NULL,
  pipeline_id       TEXT,                           -- AI pipeline that triggered this operation
  inbox_item_id     TEXT REFERENCES inbox_items(id) ON DELETE SET NULL,
  run_id            TEXT REFERENCES workflow_runs(id) ON DELETE SET NULL,
  input_tokens      INTEGER NOT NULL DEFAULT 0,
  output_tokens     INTEGER NOT NULL DEFAULT 0,
  cost_usd          REAL NOT NULL DEFAULT 0.0,
  duration_ms       INTEGER,
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX idx_aiops_provider ON ai_operations(provider);
CREATE INDEX idx_aiops_plugin ON ai_operations(plugin_id);
CREATE INDEX idx_aiops_pipeline ON ai_operations(pipeline_id);
CREATE INDEX idx_aiops_created ON ai_operations(created_at);
CREATE INDEX idx_aiops_operation ON ai_operations(operation);
CREATE INDEX idx_aiops_item ON ai_operations(inbox_item_id);

-- ============================================================
-- PROMPT TEMPLATES (seed architecture §12.5)
-- ============================================================

CREATE TABLE prompt_templates (
  id                TEXT PRIMARY KEY,               -- ULID
  name              TEXT NOT NULL,
  description       TEXT DEFAULT '',
  system_prompt     TEXT NOT NULL DEFAULT '',
  user_prompt       TEXT NOT NULL,                  -- {{variable}} interpolation
  variables         TEXT NOT NULL DEFAULT '[]',     -- JSON: PromptVariable[] (name, type, description, required, default)
  model             TEXT,
  max_tokens        INTEGER,
  temperature       REAL,
  tags              TEXT DEFAULT '[]',              -- JSON array of strings
  version           INTEGER NOT NULL DEFAULT 1,
  plugin_id         TEXT REFERENCES plugins(id) ON DELETE CASCADE, -- NULL for templates an admin wrote
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE(name, version)
);

CREATE INDEX idx_pt_name ON prompt_templates(name);
CREATE INDEX idx_pt_plugin ON prompt_templates(plugin_id);
