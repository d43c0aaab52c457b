import { mergeActivity } from '../../core/github/merge.ts';
import type { GitHubActivity } from '../../core/pipeline/contracts.ts';

type Commit = Extract<GitHubActivity, { kind: 'commit' }>;

/** One event (Events API id, or `webhook:<delivery>`) and the activity it contributed. */
export interface EventRecord {
  event_id: string;
  event_type: string;
  repository: string;
  actor: string;
  occurred_at: string;
  /** Everything the event contributed; commits also go to `github_commits`, deduplicated by SHA. */
  activity: GitHubActivity[];
  resolved: boolean;
  raw_r2_key: string | null;
}

interface EventSummary {
  /** Pull requests, issues and releases; commits live in their own table. */
  activity: GitHubActivity[];
  commit_shas: string[];
}

interface CommitRow {
  repository: string;
  sha: string;
  committed_ms: number;
  message: string;
  url: string;
  author_login: string | null;
}

/** D1 bounds parameters per statement; lookups go in chunks below it. */
const CHUNK = 90;

/**
 * The streamer's GitHub activity in D1: events by id, commits by SHA, and the accepted webhook
 * deliveries. Every write is an idempotent upsert that reports whether it changed anything, so a
 * sync or redelivery that brings nothing new re-enhances nothing.
 */
export class GitHubActivityStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** Ids of events already stored and fully resolved: a re-sync does not fetch compare/pulls for them again. */
  async resolvedEventIds(eventIds: readonly string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (let i = 0; i < eventIds.length; i += CHUNK) {
      const chunk = eventIds.slice(i, i + CHUNK);
      const { results } = await this.#db
        .prepare(
          `SELECT event_id FROM github_events WHERE resolved = 1 AND event_id IN (${chunk.map((_, j) => `?${j + 1}`).join(', ')})`,
        )
        .bind(...chunk)
        .all<{ event_id: string }>();
      for (const row of results) known.add(row.event_id);
    }
    return known;
  }

  /**
   * Stores events and their commits in one batch. Returns the activity that is new or changed (a
   * commit seen earlier, a title filled in), whose neighbourhood on the timeline needs re-matching.
   */
  async record(events: readonly EventRecord[], receivedMs: number): Promise<GitHubActivity[]> {
    if (events.length === 0) return [];
    const statements: D1PreparedStatement[] = [];
    const owners: GitHubActivity[][] = [];
    for (const event of events) {
      const commits = event.activity.filter((entry): entry is Commit => entry.kind === 'commit');
      const summary: EventSummary = {
        activity: event.activity.filter((entry) => entry.kind !== 'commit'),
        commit_shas: commits.map((commit) => commit.sha),
      };
      statements.push(
        this.#db
          .prepare(
            `INSERT INTO github_events (event_id, event_type, repository, actor, occurred_ms, received_ms, summary, raw_r2_key, resolved)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT (event_id) DO UPDATE SET
               summary = excluded.summary, resolved = excluded.resolved,
               raw_r2_key = COALESCE(excluded.raw_r2_key, github_events.raw_r2_key)
             WHERE github_events.summary IS NOT excluded.summary OR github_events.resolved IS NOT excluded.resolved`,
          )
          .bind(
            event.event_id,
            event.event_type,
            event.repository,
            event.actor,
            Date.parse(event.occurred_at),
            receivedMs,
            JSON.stringify(summary),
            event.raw_r2_key,
            event.resolved ? 1 : 0,
          ),
      );
      owners.push(summary.activity);
      for (const commit of commits) {
        statements.push(commitUpsert(this.#db, commit, event.event_id));
        owners.push([commit]);
      }
    }
    const results = await this.#db.batch(statements);
    const changed: GitHubActivity[] = [];
    results.forEach((result, index) => {
      if (result.meta.changes > 0) changed.push(...(owners[index] ?? []));
    });
    return mergeActivity(changed);
  }

  /** Activity that happened in `[startMs, endMs)`, deduplicated and sorted by time. */
  async activityBetween(startMs: number, endMs: number): Promise<GitHubActivity[]> {
    const [commits, events] = await Promise.all([
      this.#db
        .prepare(
          `SELECT repository, sha, committed_ms, message, url, author_login FROM github_commits
           WHERE committed_ms >= ?1 AND committed_ms < ?2 ORDER BY committed_ms, sha`,
        )
        .bind(startMs, endMs)
        .all<CommitRow>(),
      this.#db
        .prepare(
          `SELECT summary FROM github_events WHERE occurred_ms >= ?1 AND occurred_ms < ?2 ORDER BY occurred_ms, event_id`,
        )
        .bind(startMs, endMs)
        .all<{ summary: string }>(),
    ]);
    const fromCommits = commits.results.map(
      (row): Commit => ({
        kind: 'commit',
        id: row.sha,
        sha: row.sha,
        message: row.message,
        author_login: row.author_login,
        url: row.url,
        repository: row.repository,
        occurred_at: new Date(row.committed_ms).toISOString().replace('.000Z', 'Z'),
      }),
    );
    // The summary JSON was built from validated activity by this store.
    const fromEvents = events.results.flatMap((row) => (JSON.parse(row.summary) as EventSummary).activity);
    return mergeActivity(fromCommits, fromEvents);
  }
}

/**
 * One commit, deduplicated by SHA: the earliest push wins the time, a real message replaces the empty
 * one a new-branch push left, and a link to the commit replaces a link to its branch.
 */
function commitUpsert(db: D1Database, commit: Commit, eventId: string): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO github_commits (repository, sha, committed_ms, message, url, event_id, author_login)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
       ON CONFLICT (repository, sha) DO UPDATE SET
         committed_ms = MIN(github_commits.committed_ms, excluded.committed_ms),
         message = CASE WHEN github_commits.message = '' THEN excluded.message ELSE github_commits.message END,
         url = CASE WHEN github_commits.url LIKE '%/commits/%' AND excluded.url LIKE '%/commit/%'
                    THEN excluded.url ELSE github_commits.url END,
         author_login = COALESCE(github_commits.author_login, excluded.author_login),
         event_id = CASE WHEN excluded.committed_ms < github_commits.committed_ms
                         THEN excluded.event_id ELSE github_commits.event_id END
       WHERE excluded.committed_ms < github_commits.committed_ms
          OR (github_commits.message = '' AND excluded.message <> '')
          OR (github_commits.url LIKE '%/commits/%' AND excluded.url LIKE '%/commit/%')
          OR (github_commits.author_login IS NULL AND excluded.author_login IS NOT NULL)`,
    )
    .bind(
      commit.repository,
      commit.sha,
      Date.parse(commit.occurred_at),
      commit.message,
      commit.url,
      eventId,
      commit.author_login ?? null,
    );
}
