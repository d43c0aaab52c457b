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
  /** The best-scored development items of everything that matched (at most `BEST_ITEMS`), best first. */
  best: ContentItem[];
  /** When the first and the last matching clip were made (UTC ms); null when nothing matched. */
  span: { firstMs: number; lastMs: number } | null;
}

/** Suggestions are built from this many of the best development items of the whole match. */
export const BEST_ITEMS = 5;

const SORT_COLUMNS = {
  created_at: 'clip_created_ms',
  content_score: 'content_score',
  view_count: 'clip_view_count',
  duration: 'clip_duration',
  stored_at: 'stored_ms',
} as const;

interface TotalsRow {
  total: number;
  with_transcript: number | null;
  with_github_context: number | null;
  total_view_count: number | null;
  total_duration_seconds: number | null;
  average_content_score: number | null;
  first_ms: number | null;
  last_ms: number | null;
}

/**
 * Runs one content query as a single D1 batch (page, totals, two group counts, the distinct linked
 * GitHub activity and the best development items), so a request costs one round trip whatever the
 * filters.
 */
export async function queryContentItems(db: D1Database, query: ContentQuery, timeZone: string): Promise<ContentPage> {
  const range = resolveDateRange(query.date_range, timeZone);
  const { sql: where, params } = whereClause(query, range);
  const column = SORT_COLUMNS[query.sort_by];
  const direction = query.sort_order === 'asc' ? 'ASC' : 'DESC';
  // Items without a score sort last either way; the id keeps pages stable between requests.
  const order = `${column} IS NULL, ${column} ${direction}, content_item_id ${direction}`;
  const offset = (query.page - 1) * query.limit;

  const [page, totals, byStatus, byCategory, links, best] = await db.batch([
    db
      .prepare(`SELECT item FROM content_items ci WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
      .bind(...params, query.limit, offset),
    db
      .prepare(
        `SELECT COUNT(*) AS total, SUM(has_transcript) AS with_transcript, SUM(has_github_context) AS with_github_context,
                SUM(clip_view_count) AS total_view_count, SUM(clip_duration) AS total_duration_seconds,
                AVG(content_score) AS average_content_score,
                MIN(clip_created_ms) AS first_ms, MAX(clip_created_ms) AS last_ms
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
    db
      .prepare(
        `SELECT l.kind AS key, COUNT(DISTINCT l.url) AS n FROM content_items ci
         JOIN content_item_links l ON l.content_item_id = ci.content_item_id
         WHERE ${where} AND ci.has_github_context = 1 GROUP BY 1`,
      )
      .bind(...params),
    db
      .prepare(
        `SELECT item FROM content_items ci WHERE ${where} AND ci.content_category = 'development'
         AND ci.content_score IS NOT NULL ORDER BY ci.content_score DESC, ci.content_item_id ASC LIMIT ?`,
      )
      .bind(...params, BEST_ITEMS),
  ]);

  const t = (totals?.results[0] ?? {}) as Partial<TotalsRow>;
  const average = t.average_content_score ?? null;
  const linked = counts(links?.results);
  const parse = (rows: unknown[] | undefined) =>
    ((rows ?? []) as { item: string }[]).map((row) => JSON.parse(row.item) as ContentItem);
  return {
    items: parse(page?.results),
    total: t.total ?? 0,
    range,
    best: parse(best?.results),
    span: t.first_ms != null && t.last_ms != null ? { firstMs: t.first_ms, lastMs: t.last_ms } : null,
    summary: {
      total_clips: t.total ?? 0,
      total_prs: linked.pull_request ?? 0,
      total_commits: linked.commit ?? 0,
      total_issues: linked.issue ?? 0,
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
