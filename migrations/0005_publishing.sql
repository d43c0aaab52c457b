-- Pipeline, part 2: posts, pull requests and review notifications.

-- One row per post type and period (`subject_key`, e.g. 'daily_recap:2026-11-09'): the pull request
-- that carries it, the fingerprint of the inputs it was built from, and a lease so two publish jobs
-- for the same period never write at the same time.
CREATE TABLE publications (
  subject_key      TEXT    PRIMARY KEY,
  content_type     TEXT    NOT NULL,
  period_start     TEXT    NOT NULL,
  period_end       TEXT    NOT NULL,
  branch           TEXT    NOT NULL,
  publisher        TEXT    NOT NULL,          -- 'github' | 'local-git' | 'none'
  fingerprint      TEXT,
  outcome          TEXT,                      -- the last PublishOutcome
  pr_number        INTEGER,
  pr_url           TEXT,
  commit_sha       TEXT,
  draft            INTEGER NOT NULL DEFAULT 0,
  verdict          TEXT,                      -- 'pass' | 'polish' | 'fail'
  post_path        TEXT,
  post_title       TEXT,
  ai_provider      TEXT,                      -- what wrote and judged it: 'workers-ai' | 'offline'
  notice           TEXT CHECK (notice IS NULL OR json_valid(notice)),  -- the review notice last sent
  lease_until_ms   INTEGER NOT NULL DEFAULT 0,
  lease_token      TEXT,
  created_ms       INTEGER NOT NULL,
  updated_ms       INTEGER NOT NULL
);
CREATE INDEX publications_by_pr ON publications (pr_number);

-- Review notifications: what the message shows now (so an unchanged notice sends nothing), and
-- whether the webhook was found deleted (404), which stops further sends until reconfigured.
ALTER TABLE notification_messages ADD COLUMN payload TEXT CHECK (payload IS NULL OR json_valid(payload));
ALTER TABLE notification_messages ADD COLUMN payload_hash TEXT;
ALTER TABLE notification_messages ADD COLUMN disabled_reason TEXT;
