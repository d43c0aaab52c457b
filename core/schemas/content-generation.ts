import { z } from 'zod';
import { ErrorCode, LocalDate, RepositoryName, Timestamp } from './common.ts';
import { ContentCategory, ContentItem, ContentTag, Platform, ProcessingStatus } from './content-item.ts';
import { ContentType } from './post.ts';

/**
 * The plan's sort fields: `created_at` (the clip's), `view_count`, `content_score`, `duration`.
 * Extension: `stored_at` (when the item entered the index).
 */
export const SortBy = z.enum(['created_at', 'view_count', 'content_score', 'duration', 'stored_at']);
export type SortBy = z.infer<typeof SortBy>;

export const SortOrder = z.enum(['asc', 'desc']);
export type SortOrder = z.infer<typeof SortOrder>;

/** A date (a whole local day in `STREAM_TIMEZONE`) or an instant. `start` and `end` are inclusive. */
const RangeBound = z.union([LocalDate, Timestamp]);

export const DateRange = z
  .object({ start: RangeBound, end: RangeBound })
  .refine((range) => boundStart(range.start) <= boundEnd(range.end), {
    message: 'date_range.start must not be after date_range.end',
    path: ['start'],
  });
export type DateRange = z.infer<typeof DateRange>;

// Comparable UTC keys that are good enough to order the two bounds; the store resolves the zone.
function boundStart(bound: string): number {
  return Date.parse(bound.length === 10 ? `${bound}T00:00:00Z` : bound);
}
function boundEnd(bound: string): number {
  return Date.parse(bound.length === 10 ? `${bound}T23:59:59.999Z` : bound);
}

/**
 * The plan's filters (`min_views`, `min_duration`, `max_duration`, `categories`, `min_confidence`,
 * `platform`, `processing_status`) and our extensions beside them (`content_tags`,
 * `broadcaster_name`, `creator_name`, `min_content_score`, `has_transcript`, `has_github_context`).
 */
export const ContentFilters = z
  .object({
    /** Plan: at least this many views. */
    min_views: z.number().int().nonnegative().optional(),
    /** Plan: at least this many seconds long. */
    min_duration: z.number().nonnegative().optional(),
    /** Plan: at most this many seconds long. */
    max_duration: z.number().positive().optional(),
    /** Plan: items in any of these categories. */
    categories: z.array(ContentCategory).min(1).optional(),
    /** Plan: items with at least one GitHub link (commit, PR, issue, release) at least this confident. */
    min_confidence: z.number().min(0).max(1).optional(),
    /** Plan: one platform; a list of platforms is accepted too (extension). */
    platform: z.union([Platform, z.array(Platform).min(1)]).optional(),
    /** Plan: items in any of these states. */
    processing_status: z.array(ProcessingStatus).min(1).optional(),
    /** Extension: items carrying at least one of these tags. */
    content_tags: z.array(ContentTag).min(1).max(20).optional(),
    /** Extension. */
    broadcaster_name: z.string().min(1).max(100).optional(),
    /** Extension. */
    creator_name: z.string().min(1).max(100).optional(),
    /** Extension: content score at least this. */
    min_content_score: z.number().min(0).max(100).optional(),
    /** Extension. */
    has_transcript: z.boolean().optional(),
    /** Extension: linked to any GitHub activity. */
    has_github_context: z.boolean().optional(),
  })
  .strict();
export type ContentFilters = z.infer<typeof ContentFilters>;

export const GenerationMode = z.enum(['sync', 'async']);

export const ContentGenerationRequest = z
  .object({
    page: z.number().int().min(1).default(1),
    limit: z.number().int().min(1).max(100).default(20),
    sort_by: SortBy.default('created_at'),
    sort_order: SortOrder.default('desc'),
    date_range: DateRange,
    filters: ContentFilters.default({}),
    content_type: ContentType.default('daily_recap'),
    /** Only items linked to this repository. */
    repository: RepositoryName.optional(),
    mode: GenerationMode.default('sync'),
    idempotency_key: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .optional(),
  })
  .strict();
export type ContentGenerationRequest = z.infer<typeof ContentGenerationRequest>;
export type ContentGenerationRequestInput = z.input<typeof ContentGenerationRequest>;

export const JobStatus = z.enum(['queued', 'processing', 'completed', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

/** The plan's pagination. */
export const Pagination = z.object({
  total_items: z.number().int().nonnegative(),
  total_pages: z.number().int().nonnegative(),
  current_page: z.number().int().min(1),
  per_page: z.number().int().min(1).max(100),
  has_next: z.boolean(),
  has_prev: z.boolean(),
});
export type Pagination = z.infer<typeof Pagination>;

/**
 * Counts over every item that matched, not just the returned page. The plan's four counts
 * (`total_clips`, and the distinct pull requests, commits and issues linked to those clips) come
 * first; the rest are extensions.
 */
export const ContentSummary = z.object({
  total_clips: z.number().int().nonnegative(),
  total_prs: z.number().int().nonnegative(),
  total_commits: z.number().int().nonnegative(),
  total_issues: z.number().int().nonnegative(),
  /** Extension: the same as `total_clips`. */
  total_items: z.number().int().nonnegative(),
  by_status: z.record(ProcessingStatus, z.number().int().nonnegative()),
  by_category: z.record(z.union([ContentCategory, z.literal('uncategorized')]), z.number().int().nonnegative()),
  with_transcript: z.number().int().nonnegative(),
  with_github_context: z.number().int().nonnegative(),
  total_view_count: z.number().int().nonnegative(),
  total_duration_seconds: z.number().nonnegative(),
  average_content_score: z.number().min(0).max(100).nullable(),
});
export type ContentSummary = z.infer<typeof ContentSummary>;

export const ApiError = z.object({
  code: ErrorCode,
  message: z.string(),
  occurred_at: Timestamp,
  /** JSON path of the offending field, e.g. `date_range.start`. */
  field: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

/**
 * Extension (not in the product plan): what an `async` job wrote, the post and its pull request.
 * Absent in `sync` answers and for periods without development clips.
 */
export const GeneratedPostReport = z.object({
  status: z.enum(['published', 'unchanged', 'skipped_empty', 'skipped', 'dry_run']),
  path: z.string().max(300).nullable(),
  title: z.string().max(300).nullable(),
  verdict: z.enum(['pass', 'polish', 'fail']).nullable(),
  ai_provider: z.enum(['workers-ai', 'offline']).nullable(),
});

export const PullRequestReport = z.object({
  outcome: z.string().max(50),
  number: z.number().int().positive().nullable(),
  url: z.string().max(2_000).nullable(),
  branch: z.string().max(300),
  draft: z.boolean(),
});

export const ContentGenerationResponse = z.object({
  job_id: z.string().min(1).max(100).optional(),
  job_status: JobStatus.optional(),
  content_items: z.array(ContentItem),
  date_range: z.object({ start: Timestamp, end: Timestamp }),
  pagination: Pagination,
  summary: ContentSummary,
  /** From the best development items of everything that matched; null without any. */
  suggested_title: z.string().max(200).nullable(),
  /** The categories of everything that matched, most frequent first. */
  suggested_tags: z.array(ContentCategory),
  /** Extension: the free content tags of the best development items, by weight. */
  suggested_topics: z.array(ContentTag),
  /** Average score of the best development items of everything that matched, 0–100; null without any. */
  content_score: z.number().min(0).max(100).nullable(),
  error: ApiError.optional(),
  /** Extension: the post an async job wrote. */
  post: GeneratedPostReport.optional(),
  /** Extension: the pull request an async job opened or updated. */
  pull_request: PullRequestReport.nullable().optional(),
});
export type ContentGenerationResponse = z.infer<typeof ContentGenerationResponse>;
