import type {
  RunCounts,
  RunFailure,
  RunListQuery,
  RunPost,
  RunPullRequest,
  RunRecord,
  RunStatus,
  RunTrigger,
} from '../../core/schemas/run-record.ts';

export type { RunFailure, RunPost, RunPullRequest, RunRecord, RunStatus, RunTrigger };

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

  /**
   * One page of runs, newest first, with the number of runs that match: `status` and `trigger`
   * narrow it when given. Count and page are read in one batch, so they agree.
   */
  async query(query: RunListQuery): Promise<{ runs: RunRecord[]; total: number }> {
    const where = '(?1 IS NULL OR status = ?1) AND (?2 IS NULL OR trigger = ?2)';
    const filters = [query.status ?? null, query.trigger ?? null];
    const [counted, page] = await this.#db.batch([
      this.#db.prepare(`SELECT count(*) AS total FROM runs WHERE ${where}`).bind(...filters),
      this.#db
        .prepare(`SELECT * FROM runs WHERE ${where} ORDER BY started_ms DESC, run_id LIMIT ?3 OFFSET ?4`)
        .bind(...filters, query.limit, (query.page - 1) * query.limit),
    ]);
    const total = (counted?.results[0] as { total: number } | undefined)?.total ?? 0;
    return { runs: ((page?.results ?? []) as Row[]).map(recordOf), total };
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
