import type { ContentQuery } from '../../core/content-item/query.ts';

/**
 * The WHERE clause of a content query over `content_items ci`, with its parameters in order.
 * Only fixed SQL fragments are concatenated; every value is a bound parameter.
 */
export function whereClause(query: ContentQuery, range: { startMs: number; endMs: number }) {
  const clauses: string[] = ['ci.clip_created_ms >= ?', 'ci.clip_created_ms < ?'];
  const params: unknown[] = [range.startMs, range.endMs];
  const f = query.filters;

  const anyOf = (column: string, values: readonly string[] | undefined) => {
    if (!values?.length) return;
    clauses.push(`${column} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  const compare = (sql: string, value: unknown) => {
    if (value === undefined) return;
    clauses.push(sql);
    params.push(value);
  };

  anyOf('ci.processing_status', f.processing_status);
  anyOf('ci.content_category', f.categories);
  anyOf('ci.platform', f.platform === undefined ? undefined : [f.platform].flat());
  compare('ci.broadcaster_name = ? COLLATE NOCASE', f.broadcaster_name);
  compare('ci.creator_name = ? COLLATE NOCASE', f.creator_name);
  compare('ci.content_score >= ?', f.min_content_score);
  compare('ci.clip_view_count >= ?', f.min_views);
  compare('ci.clip_duration >= ?', f.min_duration);
  compare('ci.clip_duration <= ?', f.max_duration);
  compare('ci.has_transcript = ?', f.has_transcript === undefined ? undefined : Number(f.has_transcript));
  compare('ci.has_github_context = ?', f.has_github_context === undefined ? undefined : Number(f.has_github_context));
  compare(
    'EXISTS (SELECT 1 FROM content_item_links l WHERE l.content_item_id = ci.content_item_id AND l.confidence >= ?)',
    f.min_confidence,
  );
  if (f.content_tags?.length) {
    clauses.push(
      `EXISTS (SELECT 1 FROM content_item_tags t WHERE t.content_item_id = ci.content_item_id AND t.tag IN (${f.content_tags
        .map(() => '?')
        .join(', ')}))`,
    );
    params.push(...f.content_tags);
  }
  compare(
    'EXISTS (SELECT 1 FROM content_item_repositories r WHERE r.content_item_id = ci.content_item_id AND r.repository = ?)',
    query.repository,
  );
  return { sql: clauses.join(' AND '), params };
}
