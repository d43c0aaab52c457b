-- GitHub activity, part 2: what the matcher needs beyond 0001's github_events / github_commits.
--
-- `github_commits.committed_ms` holds the time the commit first appeared on the streamer's timeline
-- (its earliest push), not its author date: a push lands minutes after the work shown on stream, and
-- author dates survive rebases and can be set to anything.
ALTER TABLE github_commits ADD COLUMN author_login TEXT;

-- Whether compare/pulls have filled in what the trimmed Events API left out. An unresolved event is
-- resolved again by the next sync instead of being skipped as already known.
ALTER TABLE github_events ADD COLUMN resolved INTEGER NOT NULL DEFAULT 1;
