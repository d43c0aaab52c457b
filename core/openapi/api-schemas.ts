import { z } from 'zod';
import { ErrorCode, Timestamp } from '../schemas/common.ts';
import { Pagination } from '../schemas/content-generation.ts';
import { ContentItem } from '../schemas/content-item.ts';
import { RunRecord } from '../schemas/run-record.ts';

/**
 * An RFC 9457 `application/problem+json` body. `code` is stable and machine-readable; `detail` says
 * what was wrong and what to do; `field` is the JSON path of the offending input (`date_range.start`).
 */
export const Problem = z.object({
  /** A URI naming the problem type, e.g. `https://streamlog.dev/problems/validation_failed`. */
  type: z.string().min(1),
  title: z.string().min(1),
  status: z.number().int().min(400).max(599),
  code: ErrorCode,
  detail: z.string(),
  field: z.string().optional(),
});
export type Problem = z.infer<typeof Problem>;

/** `GET /api/content/items`: one page of items, newest first unless `sort_by`/`sort_order` say otherwise. */
export const ContentItemList = z.object({
  content_items: z.array(ContentItem),
  pagination: Pagination,
});
export type ContentItemList = z.infer<typeof ContentItemList>;

/** `GET /api/content/runs`: one page of pipeline run records, newest first. */
export const RunRecordList = z.object({
  runs: z.array(RunRecord),
  pagination: Pagination,
});
export type RunRecordList = z.infer<typeof RunRecordList>;

/** `GET /api/health`: public liveness. */
export const HealthStatus = z.object({
  status: z.enum(['ok', 'degraded']),
  /** The server's clock, useful to debug a signature's `created` window. */
  time: Timestamp.optional(),
});
export type HealthStatus = z.infer<typeof HealthStatus>;
