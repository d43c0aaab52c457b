-- Observability: one row per pipeline run (a CLI `run`, or an `ingest_day` chain in the Worker).
-- `ingest_day` (or the CLI) starts it; `publish_post` (or the CLI at the end) completes it with the
-- counts of the period's items at that moment. JSON columns are bounded by the writer
-- (store/runs/run-records.ts): at most 20 failures, the posts and pull requests of the run.
CREATE TABLE runs (
  run_id          TEXT    PRIMARY KEY,
  trigger         TEXT    NOT NULL CHECK (trigger IN ('cli', 'cron', 'stream_offline', 'api')),
  period_start    TEXT    NOT NULL,          -- local date (YYYY-MM-DD) in STREAM_TIMEZONE
  period_end      TEXT    NOT NULL,
  status          TEXT    NOT NULL CHECK (status IN ('running', 'completed', 'failed')),
  started_ms      INTEGER NOT NULL,
  finished_ms     INTEGER,
  items_seen      INTEGER NOT NULL DEFAULT 0,
  transcribed     INTEGER NOT NULL DEFAULT 0,
  matched         INTEGER NOT NULL DEFAULT 0,   -- items with at least one GitHub link
  ready           INTEGER NOT NULL DEFAULT 0,
  failed          INTEGER NOT NULL DEFAULT 0,
  failures        TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(failures)),
  posts           TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(posts)),
  pull_requests   TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(pull_requests)),
  notification    TEXT             CHECK (notification IS NULL OR json_valid(notification)),
  ai_budget       TEXT             CHECK (ai_budget IS NULL OR json_valid(ai_budget)),
  updated_ms      INTEGER NOT NULL
);
CREATE INDEX runs_by_start ON runs (started_ms DESC);
