import type {
  ContentGenerationRequest,
  ContentGenerationResponse,
  ContentSummary,
} from '../schemas/content-generation.ts';
import { ContentCategory, type ContentItem, ProcessingStatus } from '../schemas/content-item.ts';
import { pagination } from './pagination.ts';
import { suggestions } from './suggestions.ts';

/** What the D1 index answered for one request; the shape of `ContentItemStore.query()`. */
export interface IndexAnswer {
  items: ContentItem[];
  total: number;
  summary: ContentSummary;
  /** `[startMs, endMs)` in UTC. */
  range: { startMs: number; endMs: number };
  /** The best development items of everything that matched, best first. */
  best: ContentItem[];
  /** First and last matching clip (UTC ms); null when nothing matched. */
  span: { firstMs: number; lastMs: number } | null;
}

/**
 * The sync answer to `POST /api/content/generate` (and an async job's result): the page, the
 * resolved range (inclusive bounds, UTC), pagination, counts over every match, and suggestions
 * from the best development items of every match.
 */
export function generationResponse(
  request: ContentGenerationRequest,
  answer: IndexAnswer,
  timeZone: string,
): ContentGenerationResponse {
  const summary = completeSummary(answer.summary);
  return {
    content_items: answer.items,
    date_range: {
      start: new Date(answer.range.startMs).toISOString(),
      end: new Date(Math.max(answer.range.startMs, answer.range.endMs - 1)).toISOString(),
    },
    pagination: pagination(request.page, request.limit, answer.total),
    summary,
    ...suggestions(request, { best: answer.best, summary, span: answer.span, timeZone }),
  };
}

/** Every status and category with its count, zeros included: the schema's records are exhaustive. */
export function completeSummary(summary: ContentSummary): ContentSummary {
  const zeros = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, 0]));
  return {
    ...summary,
    by_status: { ...zeros(ProcessingStatus.options), ...summary.by_status },
    by_category: { ...zeros([...ContentCategory.options, 'uncategorized']), ...summary.by_category },
  };
}
