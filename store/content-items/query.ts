import type { IndexAnswer } from '../../core/api/generation-response.ts';
import { type ContentQuery, resolveDateRange } from '../../core/content-item/query.ts';
import type { ContentItem } from '../../core/schemas/content-item.ts';
import { whereClause } from './where-clause.ts';

/** Suggestions are built from this many of the best development items of the whole match. */
export const BEST_ITEMS = 5;

const SORT_COLUMNS = {
  created_at: 'clip_created_ms',
  content_score: 'content_score',
  view_count: 'clip_view_count',
  duration: 'clip_duration',
  stored_at: 'stored_ms',
} as const;

/** One row per (status, category) pair of the match: the totals, both group counts and the span in one scan. */
interface GroupRow {
  status: string;
  category: string;
  n: number;
  with_transcript: number;
  with_github_context: number;
  view_count: number;
  duration_seconds: number;
  score_sum: number | null;
  scored: number;
  first_ms: number;
  last_ms: number;
}

/** The page's ORDER BY: items without a score sort last either way; the id keeps pages stable. */
function orderBy(query: ContentQuery): string {
  const column = SORT_COLUMNS[query.sort_by];
  const direction = query.sort_order === 'asc' ? 'ASC' : 'DESC';
  return `${column} IS NULL, ${column} ${direction}, content_item_id ${direction}`;
}

function pageStatement(db: D1Database, query: ContentQuery, where: { sql: string; params: unknown[] }) {
  return db
    .prepare(`SELECT item FROM content_items ci WHERE ${where.sql} ORDER BY ${orderBy(query)} LIMIT ? OFFSET ?`)
    .bind(...where.params, query.limit, (query.page - 1) * query.limit);
}

function parseItems(rows: unknown[] | undefined): ContentItem[] {
  return ((rows ?? []) as { item: string }[]).map((row) => JSON.parse(row.item) as ContentItem);
}

/** A page of a content query and how many items matched: what `GET /api/content/items` needs, two statements. */
export async function listContentItems(
  db: D1Database,
  query: ContentQuery,
  timeZone: string,
): Promise<{ items: ContentItem[]; total: number }> {
  const where = whereClause(query, resolveDateRange(query.date_range, timeZone));
  const [page, total] = await db.batch([
    pageStatement(db, query, where),
    db.prepare(`SELECT COUNT(*) AS n FROM content_items ci WHERE ${where.sql}`).bind(...where.params),
  ]);
  return { items: parseItems(page?.results), total: (total?.results[0] as { n: number } | undefined)?.n ?? 0 };
}

/**
 * Runs one content query as a single D1 batch (the page, one grouped scan for the totals and both
 * group counts, the distinct linked GitHub activity and the best development items), so a request
 * costs one round trip whatever the filters.
 */
export async function queryContentItems(db: D1Database, query: ContentQuery, timeZone: string): Promise<IndexAnswer> {
  const range = resolveDateRange(query.date_range, timeZone);
  const where = whereClause(query, range);

  const [page, groups, links, best] = await db.batch([
    pageStatement(db, query, where),
    db
      .prepare(
        `SELECT processing_status AS status, COALESCE(content_category, 'uncategorized') AS category, COUNT(*) AS n,
                SUM(has_transcript) AS with_transcript, SUM(has_github_context) AS with_github_context,
                SUM(clip_view_count) AS view_count, SUM(clip_duration) AS duration_seconds,
                SUM(content_score) AS score_sum, COUNT(content_score) AS scored,
                MIN(clip_created_ms) AS first_ms, MAX(clip_created_ms) AS last_ms
         FROM content_items ci WHERE ${where.sql} GROUP BY 1, 2`,
      )
      .bind(...where.params),
    db
      .prepare(
        `SELECT l.kind AS key, COUNT(DISTINCT l.url) AS n FROM content_items ci
         JOIN content_item_links l ON l.content_item_id = ci.content_item_id
         WHERE ${where.sql} AND ci.has_github_context = 1 GROUP BY 1`,
      )
      .bind(...where.params),
    db
      .prepare(
        `SELECT item FROM content_items ci WHERE ${where.sql} AND ci.content_category = 'development'
         AND ci.content_score IS NOT NULL ORDER BY ci.content_score DESC, ci.content_item_id ASC LIMIT ?`,
      )
      .bind(...where.params, BEST_ITEMS),
  ]);

  const rows = (groups?.results ?? []) as GroupRow[];
  const sum = (pick: (row: GroupRow) => number | null) => rows.reduce((total, row) => total + (pick(row) ?? 0), 0);
  const total = sum((row) => row.n);
  const scored = sum((row) => row.scored);
  const linked = counts(links?.results);
  return {
    items: parseItems(page?.results),
    total,
    range,
    best: parseItems(best?.results),
    span:
      rows.length === 0
        ? null
        : { firstMs: Math.min(...rows.map((r) => r.first_ms)), lastMs: Math.max(...rows.map((r) => r.last_ms)) },
    summary: {
      total_clips: total,
      total_prs: linked.pull_request ?? 0,
      total_commits: linked.commit ?? 0,
      total_issues: linked.issue ?? 0,
      total_items: total,
      by_status: groupCounts(rows, (row) => row.status),
      by_category: groupCounts(rows, (row) => row.category),
      with_transcript: sum((row) => row.with_transcript),
      with_github_context: sum((row) => row.with_github_context),
      total_view_count: sum((row) => row.view_count),
      total_duration_seconds: Math.round(sum((row) => row.duration_seconds) * 10) / 10,
      average_content_score: scored === 0 ? null : Math.round((sum((row) => row.score_sum) / scored) * 10) / 10,
    },
  };
}

function groupCounts(rows: GroupRow[], key: (row: GroupRow) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of rows) out[key(row)] = (out[key(row)] ?? 0) + row.n;
  return out;
}

function counts(rows: unknown[] | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const row of (rows ?? []) as { key: string; n: number }[]) out[row.key] = row.n;
  return out;
}
