import type { ContentFilters, DateRange, SortBy, SortOrder } from '../schemas/content-generation.ts';
import { localDayBounds } from '../time/zoned-day.ts';

/** What a store needs to answer a content query; everything is already validated by the schemas. */
export interface ContentQuery {
  date_range: DateRange;
  filters: ContentFilters;
  repository?: string | undefined;
  sort_by: SortBy;
  sort_order: SortOrder;
  page: number;
  limit: number;
}

/**
 * A date range as UTC milliseconds, `[startMs, endMs)`. A bare date is a whole local day in the
 * streamer's zone; an instant is taken as is (its end inclusive).
 */
export function resolveDateRange(range: DateRange, timeZone: string): { startMs: number; endMs: number } {
  const startMs = range.start.length === 10 ? localDayBounds(range.start, timeZone).startMs : Date.parse(range.start);
  const endMs = range.end.length === 10 ? localDayBounds(range.end, timeZone).endMs : Date.parse(range.end) + 1;
  return { startMs, endMs };
}

export function totalPages(totalItems: number, limit: number): number {
  return Math.ceil(totalItems / limit);
}
