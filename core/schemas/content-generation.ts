import { z } from 'zod';
import { ErrorCode, LocalDate, RepositoryName, Timestamp } from './common.ts';
import { ContentCategory, ContentItem, ContentTag, Platform, ProcessingStatus } from './content-item.ts';
import { ContentType } from './post.ts';

export const SortBy = z.enum(['clip_created_at', 'content_score', 'clip_view_count', 'clip_duration', 'stored_at']);
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

export const ContentFilters = z
  .object({
    processing_status: z.array(ProcessingStatus).min(1).optional(),
    content_category: z.array(ContentCategory).min(1).optional(),
    /** Items carrying at least one of these tags. */
    content_tags: z.array(ContentTag).min(1).max(20).optional(),
    platform: z.array(Platform).min(1).optional(),
    broadcaster_name: z.string().min(1).max(100).optional(),
    creator_name: z.string().min(1).max(100).optional(),
    min_content_score: z.number().min(0).max(100).optional(),
    min_view_count: z.number().int().nonnegative().optional(),
    min_duration: z.number().nonnegative().optional(),
    max_duration: z.number().positive().optional(),
    has_transcript: z.boolean().optional(),
    has_github_context: z.boolean().optional(),
  })
  .strict();
export type ContentFilters = z.infer<typeof ContentFilters>;

export const GenerationMode = z.enum(['sync', 'async']);

export const ContentGenerationRequest = z
  .object({
    page: z.number().int().min(1).default(1),
    limit: z.number().int().min(1).max(100).default(20),
    sort_by: SortBy.default('clip_created_at'),
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

export const JobStatus = z.enum(['queued', 'running', 'completed', 'failed']);
export type JobStatus = z.infer<typeof JobStatus>;

export const Pagination = z.object({
  page: z.number().int().min(1),
  limit: z.number().int().min(1).max(100),
  total_items: z.number().int().nonnegative(),
  total_pages: z.number().int().nonnegative(),
  has_next: z.boolean(),
  has_previous: z.boolean(),
});
export type Pagination = z.infer<typeof Pagination>;

/** Counts over every item that matched, not just the returned page. */
export const ContentSummary = z.object({
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
  suggested_title: z.string().max(200).nullable(),
  suggested_tags: z.array(ContentTag),
  /** Aggregate score of the page, 0–100; null when nothing matched. */
  content_score: z.number().min(0).max(100).nullable(),
  error: ApiError.optional(),
  /** Extension: the post an async job wrote. */
  post: GeneratedPostReport.optional(),
  /** Extension: the pull request an async job opened or updated. */
  pull_request: PullRequestReport.nullable().optional(),
});
export type ContentGenerationResponse = z.infer<typeof ContentGenerationResponse>;
