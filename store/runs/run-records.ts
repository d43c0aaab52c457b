/** Who started a run: the CLI, the daily/hourly cron, a stream going offline, the content API. */
export type RunTrigger = 'cli' | 'cron' | 'stream_offline' | 'api';
export type RunStatus = 'running' | 'completed' | 'failed';

export interface RunFailure {
  step: string;
  code: string;
  message: string;
  content_item_id?: string;
}

export interface RunPost {
  path: string;
  title: string;
  verdict: string;
}

export interface RunPullRequest {
  url: string | null;
  number: number | null;
  outcome: string;
}

export interface RunCounts {
  items_seen: number;
  transcribed: number;
  /** Items with at least one GitHub link. */
  matched: number;
  ready: number;
  failed: number;
}

/** One pipeline run, as `runs` and the API show it. */
export interface RunRecord extends RunCounts {
  run_id: string;
  trigger: RunTrigger;
  period: { start: string; end: string };
  status: RunStatus;
  started_at: string;
  finished_at: string | null;
  /** At most MAX_FAILURES, the first ones kept. */
  failures: RunFailure[];
  posts: RunPost[];
  pull_requests: RunPullRequest[];
  notification: { outcome: string; channel: string } | null;
  /** Workers AI units reserved on the UTC day the run finished; null offline. */
  ai_budget: { day: string; used_units: number; limit_units: number } | null;
}

export interface RunCompletion extends RunCounts {
  status: Exclude<RunStatus, 'running'>;
  failures: RunFailure[];
  posts: RunPost[];
  pull_requests: RunPullRequest[];
  notification: RunRecord['notification'];
  ai_budget: RunRecord['ai_budget'];
}

export const MAX_FAILURES = 20;

interface Row {
  run_id: string;
  trigger: RunTrigger;
  period_start: string;
  period_end: string;
  status: RunStatus;
  started_ms: number;
  finished_ms: number | null;
  items_seen: number;
  transcribed: number;
  matched: number;
  ready: number;
  failed: number;
  failures: string;
  posts: string;
  pull_requests: string;
  notification: string | null;
  ai_budget: string | null;
}

/** The `runs` table (migrations/0007): started once, completed (again, on a redelivery) with the latest counts. */
export class RunRecordStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  /** Records the start; a second start of the same run (a retried message) keeps the first. */
  async start(run: { run_id: string; trigger: RunTrigger; period: { start: string; end: string } }, nowMs: number) {
    await this.#db
      .prepare(
        `INSERT INTO runs (run_id, trigger, period_start, period_end, status, started_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, 'running', ?5, ?5) ON CONFLICT (run_id) DO NOTHING`,
      )
      .bind(run.run_id, run.trigger, run.period.start, run.period.end, nowMs)
      .run();
  }

  /** Writes the outcome; a run never started (an old message) is started here with the same trigger. */
  async complete(
    runId: string,
    fallback: { trigger: RunTrigger; period: { start: string; end: string } },
    done: RunCompletion,
    nowMs: number,
  ): Promise<void> {
    await this.start({ run_id: runId, ...fallback }, nowMs);
    await this.#db
      .prepare(
        `UPDATE runs SET status = ?2, finished_ms = ?3, items_seen = ?4, transcribed = ?5, matched = ?6,
           ready = ?7, failed = ?8, failures = ?9, posts = ?10, pull_requests = ?11, notification = ?12,
           ai_budget = ?13, updated_ms = ?3
         WHERE run_id = ?1`,
      )
      .bind(
        runId,
        done.status,
        nowMs,
        done.items_seen,
        done.transcribed,
        done.matched,
        done.ready,
        done.failed,
        JSON.stringify(done.failures.slice(0, MAX_FAILURES).map(boundFailure)),
        JSON.stringify(done.posts.slice(0, 10)),
        JSON.stringify(done.pull_requests.slice(0, 10)),
        done.notification === null ? null : JSON.stringify(done.notification),
        done.ai_budget === null ? null : JSON.stringify(done.ai_budget),
      )
      .run();
  }

  async get(runId: string): Promise<RunRecord | null> {
    const row = await this.#db.prepare('SELECT * FROM runs WHERE run_id = ?1').bind(runId).first<Row>();
    return row ? recordOf(row) : null;
  }

  /** The most recent runs first. */
  async list(limit: number): Promise<RunRecord[]> {
    const { results } = await this.#db
      .prepare('SELECT * FROM runs ORDER BY started_ms DESC, run_id LIMIT ?1')
      .bind(Math.max(1, Math.min(500, Math.floor(limit))))
      .all<Row>();
    return results.map(recordOf);
  }
}

function boundFailure(failure: RunFailure): RunFailure {
  return { ...failure, message: failure.message.slice(0, 300) };
}

function recordOf(row: Row): RunRecord {
  return {
    run_id: row.run_id,
    trigger: row.trigger,
    period: { start: row.period_start, end: row.period_end },
    status: row.status,
    started_at: new Date(row.started_ms).toISOString(),
    finished_at: row.finished_ms === null ? null : new Date(row.finished_ms).toISOString(),
    items_seen: row.items_seen,
    transcribed: row.transcribed,
    matched: row.matched,
    ready: row.ready,
    failed: row.failed,
    failures: JSON.parse(row.failures) as RunFailure[],
    posts: JSON.parse(row.posts) as RunPost[],
    pull_requests: JSON.parse(row.pull_requests) as RunPullRequest[],
    notification: row.notification === null ? null : (JSON.parse(row.notification) as RunRecord['notification']),
    ai_budget: row.ai_budget === null ? null : (JSON.parse(row.ai_budget) as RunRecord['ai_budget']),
  };
}
