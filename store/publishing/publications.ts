import type { ContentType } from '../../core/schemas/post.ts';

/** The pull request of one post type and period, as the pipeline last left it. */
export interface Publication {
  subject_key: string;
  content_type: ContentType;
  period_start: string;
  period_end: string;
  branch: string;
  publisher: string;
  fingerprint: string | null;
  outcome: string | null;
  pr_number: number | null;
  pr_url: string | null;
  commit_sha: string | null;
  draft: boolean;
  verdict: string | null;
  post_path: string | null;
  post_title: string | null;
  ai_provider: string | null;
  /** The review notice last sent for this PR (JSON), so a re-run can send exactly the same one. */
  notice: string | null;
  updated_ms: number;
}

interface PublicationRow extends Omit<Publication, 'draft' | 'content_type'> {
  content_type: string;
  draft: number;
}

const COLUMNS =
  'subject_key, content_type, period_start, period_end, branch, publisher, fingerprint, outcome, pr_number, pr_url, commit_sha, draft, verdict, post_path, post_title, ai_provider, notice, updated_ms';

/**
 * `publications` in D1: one row per post type and period. A lease (`claim`) keeps two publish jobs
 * for the same period from writing at once; the row remembers the fingerprint so an unchanged
 * re-run stops before generating anything.
 */
export class PublicationStore {
  readonly #db: D1Database;

  constructor(db: D1Database) {
    this.#db = db;
  }

  get(subjectKey: string): Promise<Publication | null> {
    return this.#one('subject_key = ?1', subjectKey);
  }

  byPullRequest(prNumber: number, branch: string): Promise<Publication | null> {
    return this.#one('pr_number = ?1 AND branch = ?2', prNumber, branch);
  }

  byBranch(branch: string): Promise<Publication | null> {
    return this.#one('branch = ?1', branch);
  }

  async #one(where: string, ...params: (string | number)[]): Promise<Publication | null> {
    const row = await this.#db
      .prepare(`SELECT ${COLUMNS} FROM publications WHERE ${where}`)
      .bind(...params)
      .first<PublicationRow>();
    return row ? fromRow(row) : null;
  }

  /**
   * Takes the period's lease for `leaseMs` if nobody holds it: one statement, so of two racing
   * jobs exactly one wins. Creates the row on first use.
   */
  async claim(
    subject: Pick<Publication, 'subject_key' | 'content_type' | 'period_start' | 'period_end' | 'branch' | 'publisher'>,
    token: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<boolean> {
    const row = await this.#db
      .prepare(
        `INSERT INTO publications (subject_key, content_type, period_start, period_end, branch, publisher, lease_until_ms, lease_token, created_ms, updated_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (subject_key) DO UPDATE SET lease_until_ms = excluded.lease_until_ms, lease_token = excluded.lease_token
         WHERE publications.lease_until_ms <= ?9
         RETURNING lease_token`,
      )
      .bind(
        subject.subject_key,
        subject.content_type,
        subject.period_start,
        subject.period_end,
        subject.branch,
        subject.publisher,
        nowMs + leaseMs,
        token,
        nowMs,
      )
      .first<{ lease_token: string }>();
    return row?.lease_token === token;
  }

  /**
   * Records what a publish did and gives the lease back (only the holder's token can). A publish that
   * sent no notice keeps the one last sent, so the review message can still move on later.
   */
  async record(
    subjectKey: string,
    token: string,
    outcome: Omit<
      Publication,
      'subject_key' | 'content_type' | 'period_start' | 'period_end' | 'branch' | 'updated_ms'
    >,
    nowMs: number,
  ): Promise<void> {
    await this.#db
      .prepare(
        `UPDATE publications SET publisher = ?3, fingerprint = ?4, outcome = ?5, pr_number = ?6, pr_url = ?7, commit_sha = ?8,
           draft = ?9, verdict = ?10, post_path = ?11, post_title = ?12, ai_provider = ?13, notice = COALESCE(?15, notice), updated_ms = ?14,
           lease_until_ms = 0, lease_token = NULL
         WHERE subject_key = ?1 AND lease_token = ?2`,
      )
      .bind(
        subjectKey,
        token,
        outcome.publisher,
        outcome.fingerprint,
        outcome.outcome,
        outcome.pr_number,
        outcome.pr_url,
        outcome.commit_sha,
        outcome.draft ? 1 : 0,
        outcome.verdict,
        outcome.post_path,
        outcome.post_title,
        outcome.ai_provider,
        nowMs,
        outcome.notice,
      )
      .run();
  }

  /** Gives the lease back without recording anything (a failed or skipped run). */
  async release(subjectKey: string, token: string): Promise<void> {
    await this.#db
      .prepare(
        'UPDATE publications SET lease_until_ms = 0, lease_token = NULL WHERE subject_key = ?1 AND lease_token = ?2',
      )
      .bind(subjectKey, token)
      .run();
  }

  /** Merged publications whose review message is not `live` yet (production deploys move them). */
  async awaitingLive(): Promise<Publication[]> {
    const { results } = await this.#db
      .prepare(`SELECT ${COLUMNS} FROM publications WHERE outcome = 'merged' ORDER BY updated_ms LIMIT 100`)
      .all<PublicationRow>();
    return results.map(fromRow);
  }

  /** Keeps the notice last sent, and the outcome GitHub reported, without touching the lease. */
  async noteReview(subjectKey: string, outcome: string, notice: string, nowMs: number): Promise<void> {
    await this.#db
      .prepare('UPDATE publications SET outcome = ?2, notice = ?3, updated_ms = ?4 WHERE subject_key = ?1')
      .bind(subjectKey, outcome, notice, nowMs)
      .run();
  }

  /** Notes a PR state change reported by GitHub (merged, closed) without touching the lease. */
  async noteOutcome(subjectKey: string, outcome: string, nowMs: number): Promise<void> {
    await this.#db
      .prepare('UPDATE publications SET outcome = ?2, updated_ms = ?3 WHERE subject_key = ?1')
      .bind(subjectKey, outcome, nowMs)
      .run();
  }
}

function fromRow(row: PublicationRow): Publication {
  return { ...row, content_type: row.content_type as ContentType, draft: row.draft === 1 };
}
