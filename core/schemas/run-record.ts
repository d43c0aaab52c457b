import { z } from 'zod';
import { ErrorCode, LocalDate, Timestamp } from './common.ts';
import { ContentGenerationRequest } from './content-generation.ts';
import { IngestDayMessage, RunId } from './queue-message.ts';

/** Who started a run: the CLI, the cron sweep, a stream going offline, the content API (as `ingest_day` says). */
export const RunTrigger = IngestDayMessage.shape.trigger;
export type RunTrigger = z.infer<typeof RunTrigger>;

export const RunStatus = z.enum(['running', 'completed', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunFailure = z.object({
  /** The step that failed: `ingest`, `github_sync`, `process_item`, `publish`, … */
  step: z.string().min(1),
  code: ErrorCode,
  /** At most 300 characters; may be empty. */
  message: z.string().max(300),
  content_item_id: z.string().optional(),
});
export type RunFailure = z.infer<typeof RunFailure>;

export const RunPost = z.object({
  /** Repository path of the post, `content/posts/<yyyy>/<slug>.md`. */
  path: z.string().min(1),
  /** Untrusted text (built from clip titles and model output). */
  title: z.string(),
  verdict: z.string(),
});
export type RunPost = z.infer<typeof RunPost>;

export const RunPullRequest = z.object({
  /** The pull request on GitHub; a `file:` URL for the local git publisher; null when none was opened. */
  url: z.url().nullable(),
  number: z.number().int().positive().nullable(),
  /** `created`, `updated`, `unchanged`, `skipped_closed`, … */
  outcome: z.string().min(1),
});
export type RunPullRequest = z.infer<typeof RunPullRequest>;

export const RunNotification = z.object({ outcome: z.string().min(1), channel: z.string().min(1) });
export type RunNotification = z.infer<typeof RunNotification>;

export const RunAiBudget = z.object({
  /** The UTC day (Workers AI resets its allocation at 00:00 UTC). */
  day: LocalDate,
  used_units: z.number().nonnegative(),
  limit_units: z.number().nonnegative(),
});
export type RunAiBudget = z.infer<typeof RunAiBudget>;

const count = z.number().int().nonnegative();

/** The counts of the period's items when the run finished (or last completed). */
export const RunCounts = z.object({
  items_seen: count,
  transcribed: count,
  /** Items with at least one GitHub link. */
  matched: count,
  ready: count,
  failed: count,
});
export type RunCounts = z.infer<typeof RunCounts>;

/** One pipeline run, as `runs` (migrations/0007), the CLI's `runs` and `GET /api/content/runs` show it. */
export const RunRecord = z.object({
  run_id: RunId,
  trigger: RunTrigger,
  /** Local dates in `STREAM_TIMEZONE`, inclusive. */
  period: z.object({ start: LocalDate, end: LocalDate }),
  status: RunStatus,
  started_at: Timestamp,
  finished_at: Timestamp.nullable(),
  ...RunCounts.shape,
  /** At most 20, the first ones kept. */
  failures: z.array(RunFailure),
  posts: z.array(RunPost),
  pull_requests: z.array(RunPullRequest),
  notification: RunNotification.nullable(),
  /** Workers AI units reserved on the UTC day the run finished; null offline. */
  ai_budget: RunAiBudget.nullable(),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** The query of `GET /api/content/runs`: the items list's paging (same bounds), and two filters. */
export const RunListQuery = z
  .object({
    page: ContentGenerationRequest.shape.page,
    limit: ContentGenerationRequest.shape.limit,
    status: RunStatus.optional(),
    trigger: RunTrigger.optional(),
  })
  .strict();
export type RunListQuery = z.infer<typeof RunListQuery>;
