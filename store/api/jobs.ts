import { type ErrorCodeName, StreamlogError } from '../../core/errors.ts';
import type {
  ApiError,
  ContentGenerationRequest,
  ContentGenerationResponse,
} from '../../core/schemas/content-generation.ts';
import type { Job } from '../../core/schemas/job.ts';

import { CLAIM_OWNED_SQL } from './idempotency-records.ts';

export const GENERATE_CONTENT_JOB = 'generate_content';

interface NewJob {
  jobId: string;
  keyId: string;
  request: ContentGenerationRequest;
  nowMs: number;
}

interface OwnedClaimRef {
  keyId: string;
  idempotencyKey: string;
  claimToken: string;
}

interface JobRow {
  job_id: string;
  key_id: string | null;
  status: Job['job_status'];
  request: string;
  result: string | null;
  error: string | null;
  pull_request_url: string | null;
  created_ms: number;
  updated_ms: number;
  completed_ms: number | null;
}

const COLUMNS =
  'job_id, key_id, status, request, result, error, pull_request_url, created_ms, updated_ms, completed_ms';

/**
 * Async generation jobs in D1 (`jobs`). Status moves queued → processing → completed | failed;
 * a finished job never changes again, so a redelivered queue message cannot undo it.
 */
export class JobStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  async create(job: NewJob): Promise<Job> {
    const { statement, job: created } = this.createStatement(job);
    await statement.run();
    return created;
  }

  /**
   * The insert of a new queued job, and the job as it will read. With `onlyIfClaimOwned`, the row
   * is written only while that idempotency claim still owns its record, so a batch of this and the
   * record's completion writes both or neither: a request that lost its claim creates no job.
   */
  createStatement(job: NewJob, onlyIfClaimOwned?: OwnedClaimRef): { statement: D1PreparedStatement; job: Job } {
    const params = [job.jobId, GENERATE_CONTENT_JOB, job.keyId, JSON.stringify(job.request), job.nowMs];
    const statement = onlyIfClaimOwned
      ? this.#db
          .prepare(
            `INSERT INTO jobs (job_id, job_type, key_id, status, request, created_ms, updated_ms)
             SELECT ?1, ?2, ?3, 'queued', ?4, ?5, ?5 WHERE ${CLAIM_OWNED_SQL(6, 7, 8)}`,
          )
          .bind(...params, onlyIfClaimOwned.keyId, onlyIfClaimOwned.idempotencyKey, onlyIfClaimOwned.claimToken)
      : this.#db
          .prepare(
            `INSERT INTO jobs (job_id, job_type, key_id, status, request, created_ms, updated_ms)
             VALUES (?1, ?2, ?3, 'queued', ?4, ?5, ?5)`,
          )
          .bind(...params);
    const created = toJob({
      job_id: job.jobId,
      key_id: job.keyId,
      status: 'queued',
      request: JSON.stringify(job.request),
      result: null,
      error: null,
      pull_request_url: null,
      created_ms: job.nowMs,
      updated_ms: job.nowMs,
      completed_ms: null,
    });
    return { statement, job: created };
  }

  /** A job by id; with `keyId`, only if that key created it (another key's job is "not found"). */
  async get(jobId: string, keyId?: string): Promise<Job | null> {
    const row = await this.#db
      .prepare(`SELECT ${COLUMNS} FROM jobs WHERE job_id = ?1 AND job_type = ?2`)
      .bind(jobId, GENERATE_CONTENT_JOB)
      .first<JobRow>();
    if (!row || (keyId !== undefined && row.key_id !== keyId)) return null;
    return toJob(row);
  }

  /** Marks a queued (or retried processing) job processing; false if it already finished. */
  async start(jobId: string, nowMs: number): Promise<boolean> {
    const result = await this.#db
      .prepare(
        `UPDATE jobs SET status = 'processing', updated_ms = ?2 WHERE job_id = ?1 AND status IN ('queued', 'processing')`,
      )
      .bind(jobId, nowMs)
      .run();
    return result.meta.changes === 1;
  }

  async complete(jobId: string, result: ContentGenerationResponse, nowMs: number): Promise<void> {
    await this.#finish(jobId, 'completed', { result: JSON.stringify(result), error: null }, nowMs);
    const url = result.pull_request?.url;
    if (url && /^https?:\/\//.test(url)) {
      await this.#db.prepare('UPDATE jobs SET pull_request_url = ?2 WHERE job_id = ?1').bind(jobId, url).run();
    }
  }

  async fail(jobId: string, error: JobFailure, nowMs: number): Promise<void> {
    await this.#finish(jobId, 'failed', { result: null, error: JSON.stringify(stamped(error, nowMs)) }, nowMs);
  }

  /** Records an error on a processing job that will be retried; the job stays processing. */
  async noteError(jobId: string, error: JobFailure, nowMs: number): Promise<void> {
    await this.#db
      .prepare(`UPDATE jobs SET error = ?2, updated_ms = ?3 WHERE job_id = ?1 AND status = 'processing'`)
      .bind(jobId, JSON.stringify(stamped(error, nowMs)), nowMs)
      .run();
  }

  async #finish(
    jobId: string,
    status: 'completed' | 'failed',
    outcome: { result: string | null; error: string | null },
    nowMs: number,
  ): Promise<void> {
    const done = await this.#db
      .prepare(
        `UPDATE jobs SET status = ?2, result = ?3, error = ?4, updated_ms = ?5, completed_ms = ?5
         WHERE job_id = ?1 AND status IN ('queued', 'processing')`,
      )
      .bind(jobId, status, outcome.result, outcome.error, nowMs)
      .run();
    if (done.meta.changes !== 1) {
      throw new StreamlogError('illegal_transition', `job ${jobId} is not processing`, { job_id: jobId });
    }
  }
}

/** A failure as the job reports it, with a code of the error table; the store stamps when it occurred. */
export interface JobFailure {
  code: ErrorCodeName;
  message: string;
}

/** An error as stored: stamped on write, or read back without a stamp and stamped with the row's time. */
type JobError = Omit<ApiError, 'occurred_at'> & { occurred_at?: string };

function stamped(error: JobError, nowMs: number): ApiError {
  return { ...error, occurred_at: error.occurred_at ?? new Date(nowMs).toISOString() };
}

function toJob(row: JobRow): Job {
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    job_id: row.job_id,
    job_status: row.status,
    request: JSON.parse(row.request) as ContentGenerationRequest,
    ...(row.result ? { result: JSON.parse(row.result) as ContentGenerationResponse } : {}),
    ...(row.pull_request_url ? { pull_request_url: row.pull_request_url } : {}),
    ...(row.error ? { error: stamped(JSON.parse(row.error) as JobError, row.updated_ms) } : {}),
    created_at: iso(row.created_ms),
    updated_at: iso(row.updated_ms),
    ...(row.completed_ms !== null ? { completed_at: iso(row.completed_ms) } : {}),
  };
}
