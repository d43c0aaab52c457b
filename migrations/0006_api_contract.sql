-- Content API, part 2: the product plan's contract.

-- 1. Job status. The plan says `queued | processing | completed | failed`; 0001 allowed `running`.
-- The table is rebuilt with the plan's values (SQLite cannot change a CHECK in place) and every
-- `running` row becomes `processing`, so the stored value, the API and the plan use one word and no
-- code has to translate at the edge. Nothing references `jobs`, so the rebuild is safe. During a
-- rolling deploy an old pipeline that still writes `running` fails the CHECK; the queue retries the
-- message and the new code runs it.
CREATE TABLE jobs_0006 (
  job_id        TEXT    PRIMARY KEY,
  job_type      TEXT    NOT NULL,
  key_id        TEXT,
  status        TEXT    NOT NULL CHECK (status IN ('queued', 'processing', 'completed', 'failed')),
  request       TEXT    NOT NULL CHECK (json_valid(request)),
  result        TEXT             CHECK (result IS NULL OR json_valid(result)),
  error         TEXT             CHECK (error IS NULL OR json_valid(error)),
  pull_request_url TEXT,
  created_ms    INTEGER NOT NULL,
  updated_ms    INTEGER NOT NULL,
  completed_ms  INTEGER
);
INSERT INTO jobs_0006 (job_id, job_type, key_id, status, request, result, error, pull_request_url, created_ms, updated_ms, completed_ms)
  SELECT job_id, job_type, key_id, CASE status WHEN 'running' THEN 'processing' ELSE status END,
         request, result, error, pull_request_url, created_ms, updated_ms, completed_ms
  FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_0006 RENAME TO jobs;
CREATE INDEX jobs_by_status ON jobs (status, created_ms);

-- 2. The GitHub links of each item (commits, pull requests, issues, releases), one row each, kept in
-- step with the item JSON by triggers like the tag and repository rows of 0001. They answer the
-- plan's `summary` counts (distinct PRs, commits and issues over everything that matched) and its
-- `min_confidence` filter from an index instead of parsing every item's JSON.
CREATE TABLE content_item_links (
  content_item_id TEXT NOT NULL REFERENCES content_items (content_item_id) ON DELETE CASCADE,
  kind            TEXT NOT NULL CHECK (kind IN ('commit', 'pull_request', 'issue', 'release')),
  url             TEXT NOT NULL,
  confidence      REAL NOT NULL,
  PRIMARY KEY (content_item_id, kind, url)
);

CREATE TRIGGER content_items_links_on_insert AFTER INSERT ON content_items
BEGIN
  INSERT OR IGNORE INTO content_item_links (content_item_id, kind, url, confidence)
    SELECT NEW.content_item_id, 'commit', json_extract(value, '$.url'), json_extract(value, '$.confidence')
      FROM json_each(NEW.item, '$.github_context.commits')
    UNION ALL SELECT NEW.content_item_id, 'pull_request', json_extract(value, '$.url'), json_extract(value, '$.confidence')
      FROM json_each(NEW.item, '$.github_context.pull_requests')
    UNION ALL SELECT NEW.content_item_id, 'issue', json_extract(value, '$.url'), json_extract(value, '$.confidence')
      FROM json_each(NEW.item, '$.github_context.issues')
    UNION ALL SELECT NEW.content_item_id, 'release', json_extract(value, '$.url'), json_extract(value, '$.confidence')
      FROM json_each(NEW.item, '$.github_context.releases');
END;

CREATE TRIGGER content_items_links_on_update AFTER UPDATE OF item ON content_items
BEGIN
  DELETE FROM content_item_links WHERE content_item_id = NEW.content_item_id;
  INSERT OR IGNORE INTO content_item_links (content_item_id, kind, url, confidence)
    SELECT NEW.content_item_id, 'commit', json_extract(value, '$.url'), json_extract(value, '$.confidence')
      FROM json_each(NEW.item, '$.github_context.commits')
    UNION ALL SELECT NEW.content_item_id, 'pull_request', json_extract(value, '$.url'), json_extract(value, '$.confidence')
      FROM json_each(NEW.item, '$.github_context.pull_requests')
    UNION ALL SELECT NEW.content_item_id, 'issue', json_extract(value, '$.url'), json_extract(value, '$.confidence')
      FROM json_each(NEW.item, '$.github_context.issues')
    UNION ALL SELECT NEW.content_item_id, 'release', json_extract(value, '$.url'), json_extract(value, '$.confidence')
      FROM json_each(NEW.item, '$.github_context.releases');
END;

-- Items indexed before this migration.
INSERT OR IGNORE INTO content_item_links (content_item_id, kind, url, confidence)
  SELECT ci.content_item_id, 'commit', json_extract(j.value, '$.url'), json_extract(j.value, '$.confidence')
    FROM content_items ci, json_each(ci.item, '$.github_context.commits') j
  UNION ALL SELECT ci.content_item_id, 'pull_request', json_extract(j.value, '$.url'), json_extract(j.value, '$.confidence')
    FROM content_items ci, json_each(ci.item, '$.github_context.pull_requests') j
  UNION ALL SELECT ci.content_item_id, 'issue', json_extract(j.value, '$.url'), json_extract(j.value, '$.confidence')
    FROM content_items ci, json_each(ci.item, '$.github_context.issues') j
  UNION ALL SELECT ci.content_item_id, 'release', json_extract(j.value, '$.url'), json_extract(j.value, '$.confidence')
    FROM content_items ci, json_each(ci.item, '$.github_context.releases') j;

-- 3. GitHub webhook deliveries are also claimed by a hash of their signed body
-- (`inbound_deliveries.source = 'github-body'`), so a captured delivery replayed under a fresh
-- X-GitHub-Delivery queues nothing. No schema change: the table is keyed by (source, delivery_id).
