-- Ingestion state of the pipeline: the Twitch facts matching needs that a ContentItem does not carry.

-- One row per archived stream (VOD). A stream belongs to the local day on which it started.
CREATE TABLE stream_videos (
  video_id    TEXT    PRIMARY KEY,
  started_ms  INTEGER NOT NULL,
  duration_s  INTEGER,
  -- Local day of `started_ms` in `time_zone` (STREAM_TIMEZONE when it was stored).
  local_day   TEXT    NOT NULL,
  time_zone   TEXT    NOT NULL,
  raw_r2_key  TEXT,
  updated_ms  INTEGER NOT NULL
);
CREATE INDEX stream_videos_by_day ON stream_videos (local_day);

-- Twitch timing facts per clip. `start_ms`/`end_ms` bound where the clip's content can lie on the
-- wall clock, so "which clips does this late GitHub event touch" is an index range scan.
CREATE TABLE clip_details (
  content_item_id      TEXT    PRIMARY KEY REFERENCES content_items (content_item_id) ON DELETE CASCADE,
  video_id             TEXT,
  vod_offset           INTEGER,
  game_id              TEXT,
  broadcaster_language TEXT,
  raw_r2_key           TEXT,
  clip_created_ms      INTEGER NOT NULL,
  clip_duration        REAL    NOT NULL,
  start_ms             INTEGER NOT NULL,
  end_ms               INTEGER NOT NULL,
  -- The local day the clip belongs to: its stream's start day, or its own date without a known stream.
  stream_day           TEXT    NOT NULL,
  time_zone            TEXT    NOT NULL,
  -- 1 while Twitch has not set `vod_offset` yet for a clip with a VOD: a later ingest re-checks it.
  needs_recheck        INTEGER NOT NULL DEFAULT 0,
  updated_ms           INTEGER NOT NULL
);
CREATE INDEX clip_details_by_start ON clip_details (start_ms);
CREATE INDEX clip_details_by_day ON clip_details (stream_day, time_zone);
