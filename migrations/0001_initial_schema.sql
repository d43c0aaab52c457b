-- Streamlog D1 schema, shared by the site and pipeline Workers.
-- Times are INTEGER milliseconds since the epoch (UTC) so range queries use plain B-tree indexes.
-- Atomic claims rely on PRIMARY KEY / UNIQUE constraints with INSERT ... ON CONFLICT.

-- One row per clip. `item` is the full ContentItem JSON (validated by core/schemas before writing);
-- the other columns are its queryable index, kept in step by the store in the same statement.
CREATE TABLE content_items (
  content_item_id     TEXT    PRIMARY KEY,
  clip_id             TEXT    NOT NULL,
  platform            TEXT    NOT NULL,
  broadcaster_name    TEXT    NOT NULL,
  creator_name        TEXT    NOT NULL,
  clip_created_ms     INTEGER NOT NULL,
  clip_duration       REAL    NOT NULL,
  clip_view_count     INTEGER NOT NULL,
  processing_status   TEXT    NOT NULL,
  content_score       REAL,
  content_category    TEXT,
  has_transcript      INTEGER NOT NULL DEFAULT 0,
  has_github_context  INTEGER NOT NULL DEFAULT 0,
  stored_ms           INTEGER NOT NULL,
  updated_ms          INTEGER NOT NULL,
  -- Optimistic concurrency: every write bumps it, and writers check it.
  version             INTEGER NOT NULL DEFAULT 1,
  item                TEXT    NOT NULL CHECK (json_valid(item)),
  -- Keyed by clip: two concurrent ingestions of one clip meet on this constraint.
  UNIQUE (platform, clip_id)
);
CREATE INDEX content_items_by_created ON content_items (clip_created_ms, content_item_id);
CREATE INDEX content_items_by_status ON content_items (processing_status, clip_created_ms);
CREATE INDEX content_items_by_category ON content_items (content_category, clip_created_ms);
CREATE INDEX content_items_by_score ON content_items (content_score, content_item_id);
CREATE INDEX content_items_by_views ON content_items (clip_view_count, content_item_id);

-- Tags and linked repositories, one row per pair, so filters stay on indexes.
CREATE TABLE content_item_tags (
  tag             TEXT NOT NULL,
  content_item_id TEXT NOT NULL REFERENCES content_items (content_item_id) ON DELETE CASCADE,
  PRIMARY KEY (tag, content_item_id)
);
CREATE INDEX content_item_tags_by_item ON content_item_tags (content_item_id);

CREATE TABLE content_item_repositories (
  repository      TEXT NOT NULL,
  content_item_id TEXT NOT NULL REFERENCES content_items (content_item_id) ON DELETE CASCADE,
  PRIMARY KEY (repository, content_item_id)
);
CREATE INDEX content_item_repositories_by_item ON content_item_repositories (content_item_id);

-- Triggers keep the tag and repository rows in step with the item JSON inside the very statement
-- that writes the item, so no reader or racing writer ever sees them disagree.
CREATE TRIGGER content_items_index_on_insert AFTER INSERT ON content_items
BEGIN
  INSERT OR IGNORE INTO content_item_tags (tag, content_item_id)
    SELECT value, NEW.content_item_id FROM json_each(NEW.item, '$.content_tags');
  INSERT OR IGNORE INTO content_item_repositories (repository, content_item_id)
    SELECT DISTINCT value, NEW.content_item_id FROM json_tree(NEW.item, '$.github_context')
    WHERE key = 'repository';
END;

CREATE TRIGGER content_items_index_on_update AFTER UPDATE OF item ON content_items
BEGIN
  DELETE FROM content_item_tags WHERE content_item_id = NEW.content_item_id;
  DELETE FROM content_item_repositories WHERE content_item_id = NEW.content_item_id;
  INSERT OR IGNORE INTO content_item_tags (tag, content_item_id)
    SELECT value, NEW.content_item_id FROM json_each(NEW.item, '$.content_tags');
  INSERT OR IGNORE INTO content_item_repositories (repository, content_item_id)
    SELECT DISTINCT value, NEW.content_item_id FROM json_tree(NEW.item, '$.github_context')
    WHERE key = 'repository';
END;

-- The streamer's GitHub activity, from the Events API and webhooks, deduplicated by event id.
CREATE TABLE github_events (
  event_id     TEXT    PRIMARY KEY,
  event_type   TEXT    NOT NULL,
  repository   TEXT    NOT NULL,
  actor        TEXT    NOT NULL,
  occurred_ms  INTEGER NOT NULL,
  received_ms  INTEGER NOT NULL,
  -- Resolved summary (commit messages via compare, PR titles via pulls), as JSON.
  summary      TEXT    NOT NULL CHECK (json_valid(summary)),
  raw_r2_key   TEXT
);
CREATE INDEX github_events_by_time ON github_events (occurred_ms);

-- Commits deduplicated by SHA: a merge push repeats commits already seen on the feature branch.
CREATE TABLE github_commits (
  repository   TEXT    NOT NULL,
  sha          TEXT    NOT NULL,
  committed_ms INTEGER NOT NULL,
  message      TEXT    NOT NULL,
  url          TEXT    NOT NULL,
  event_id     TEXT,
  PRIMARY KEY (repository, sha)
);
CREATE INDEX github_commits_by_time ON github_commits (committed_ms);

-- Webhook and EventSub deliveries already accepted, so a redelivery changes nothing.
CREATE TABLE inbound_deliveries (
  source       TEXT    NOT NULL,          -- 'github' | 'twitch-eventsub'
  delivery_id  TEXT    NOT NULL,
  received_ms  INTEGER NOT NULL,
  PRIMARY KEY (source, delivery_id)
);

-- Async generation jobs (and any other long-running work) and their outcome.
CREATE TABLE jobs (
  job_id        TEXT    PRIMARY KEY,
  job_type      TEXT    NOT NULL,
  key_id        TEXT,
  status        TEXT    NOT NULL CHECK (status IN ('queued', 'running', 'completed', 'failed')),
  request       TEXT    NOT NULL CHECK (json_valid(request)),
  result        TEXT             CHECK (result IS NULL OR json_valid(result)),
  error         TEXT             CHECK (error IS NULL OR json_valid(error)),
  pull_request_url TEXT,
  created_ms    INTEGER NOT NULL,
  updated_ms    INTEGER NOT NULL,
  completed_ms  INTEGER
);
CREATE INDEX jobs_by_status ON jobs (status, created_ms);

-- IETF Idempotency-Key records, scoped to the API key id; kept at least 24 h.
CREATE TABLE idempotency_records (
  key_id          TEXT    NOT NULL,
  idempotency_key TEXT    NOT NULL,
  request_hash    TEXT    NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('in_flight', 'completed')),
  response_status INTEGER,
  response_headers TEXT            CHECK (response_headers IS NULL OR json_valid(response_headers)),
  response_body   TEXT,
  created_ms      INTEGER NOT NULL,
  -- An in-flight claim older than this is abandoned and may be taken over.
  lock_expires_ms INTEGER NOT NULL,
  expires_ms      INTEGER NOT NULL,
  PRIMARY KEY (key_id, idempotency_key)
);
CREATE INDEX idempotency_records_by_expiry ON idempotency_records (expires_ms);

-- Signature nonces, claimed once after a signature verifies; a replay hits the primary key.
CREATE TABLE request_nonces (
  key_id      TEXT    NOT NULL,
  nonce       TEXT    NOT NULL,
  created_ms  INTEGER NOT NULL,
  expires_ms  INTEGER NOT NULL,
  PRIMARY KEY (key_id, nonce)
);
CREATE INDEX request_nonces_by_expiry ON request_nonces (expires_ms);

-- Daily budgets (Workers AI neurons, egress bytes), reserved atomically before each call.
CREATE TABLE budgets (
  budget      TEXT    NOT NULL,           -- 'workers_ai' | 'egress'
  day         TEXT    NOT NULL,           -- UTC date, YYYY-MM-DD
  limit_units REAL    NOT NULL,
  used_units  REAL    NOT NULL DEFAULT 0 CHECK (used_units >= 0),
  updated_ms  INTEGER NOT NULL,
  PRIMARY KEY (budget, day)
);

-- One Discord message per pull request, edited as the PR moves.
CREATE TABLE notification_messages (
  subject_key  TEXT    PRIMARY KEY,       -- e.g. 'daily_recap:2026-11-09'
  channel      TEXT    NOT NULL,          -- 'discord' | 'outbox'
  message_id   TEXT,
  pull_request_url TEXT,
  state        TEXT    NOT NULL,
  updated_ms   INTEGER NOT NULL
);

-- Messages that exhausted their retries, kept for inspection and replay.
CREATE TABLE dead_letters (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  queue        TEXT    NOT NULL,
  message_id   TEXT    NOT NULL,
  body         TEXT    NOT NULL,
  attempts     INTEGER NOT NULL,
  received_ms  INTEGER NOT NULL,
  UNIQUE (queue, message_id)
);
