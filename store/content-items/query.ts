import { type ContentQuery, resolveDateRange } from '../../core/content-item/query.ts';
import type { ContentSummary } from '../../core/schemas/content-generation.ts';
import type { ContentItem } from '../../core/schemas/content-item.ts';
import { whereClause } from './where-clause.ts';

export interface ContentPage {
  items: ContentItem[];
  /** Every matching item, not only this page. */
  total: number;
  summary: ContentSummary;
  /** The resolved range in UTC, `[start, end)`. */
  range: { startMs: number; endMs: number };
}

const SORT_COLUMNS = {
  clip_created_at: 'clip_created_ms',
  content_score: 'content_score',
  clip_view_count: 'clip_view_count',
  clip_duration: 'clip_duration',
  stored_at: 'stored_ms',
} as const;

interface TotalsRow {
  total: number;
  with_transcript: number | null;
  with_github_context: number | null;
  total_view_count: number | null;
  total_duration_seconds: number | null;
  average_content_score: number | null;
}

/**
 * Runs one content query as a single D1 batch (page, totals and two group counts), so a request
 * costs one round trip whatever the filters.
 */
export async function queryContentItems(db: D1Database, query: ContentQuery, timeZone: string): Promise<ContentPage> {
  const range = resolveDateRange(query.date_range, timeZone);
  const { sql: where, params } = whereClause(query, range);
  const column = SORT_COLUMNS[query.sort_by];
  const direction = query.sort_order === 'asc' ? 'ASC' : 'DESC';
  // Items without a score sort last either way; the id keeps pages stable between requests.
  const order = `${column} IS NULL, ${column} ${direction}, content_item_id ${direction}`;
  const offset = (query.page - 1) * query.limit;

  const [page, totals, byStatus, byCategory] = await db.batch([
    db
      .prepare(`SELECT item FROM content_items ci WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .bind(...params, query.limit, offset),
    db
      .prepare(
        `SELECT COUNT(*) AS total, SUM(has_transcript) AS with_transcript, SUM(has_github_context) AS with_github_context,
                SUM(clip_view_count) AS total_view_count, SUM(clip_duration) AS total_duration_seconds,
                AVG(content_score) AS average_content_score
         FROM content_items ci WHERE ${where}`,
      )
      .bind(...params),
    db
      .prepare(`SELECT processing_status AS key, COUNT(*) AS n FROM content_items ci WHERE ${where} GROUP BY 1`)
      .bind(...params),
    db
      .prepare(
        `SELECT COALESCE(content_category, 'uncategorized') AS key, COUNT(*) AS n FROM content_items ci WHERE ${where} GROUP BY 1`,
      )
      .bind(...params),
  ]);

  const t = (totals?.results[0] ?? {}) as Partial<TotalsRow>;
  const average = t.average_content_score ?? null;
  return {
    items: ((page?.results ?? []) as { item: string }[]).map((row) => JSON.parse(row.item) as ContentItem),
    total: t.total ?? 0,
    range,
    summary: {
      total_items: t.total ?? 0,
      by_status: counts(byStatus?.results),
      by_category: counts(byCategory?.results),
      with_transcript: t.with_transcript ?? 0,
      with_github_context: t.with_github_context ?? 0,
      total_view_count: t.total_view_count ?? 0,
      total_duration_seconds: Math.round((t.total_duration_seconds ?? 0) * 10) / 10,
      average_content_score: average === null ? null : Math.round(average * 10) / 10,
    },
  };
}

function counts(rows: unknown[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of (rows ?? []) as { key: string; n: number }[]) out[row.key] = row.n;
  return out;
}
