import type { ContentGenerationRequest, ContentSummary } from '../schemas/content-generation.ts';
import type { ContentItem } from '../schemas/content-item.ts';

const MAX_TAGS = 8;
const TITLE_TAGS = 3;
/** A post is as good as its best clips, so the page score averages the best few. */
const SCORE_TOP = 5;

export interface Suggestions {
  suggested_title: string | null;
  suggested_tags: string[];
  content_score: number | null;
}

/**
 * Title, tags and score for a post made from one page of items. Built only from validated values
 * (tags, dates, repository names, counts), never from clip titles or transcripts, so untrusted
 * text cannot reach a suggested title.
 */
export function suggestions(
  request: Pick<ContentGenerationRequest, 'content_type' | 'date_range' | 'repository'>,
  items: readonly ContentItem[],
  summary: ContentSummary,
): Suggestions {
  if (items.length === 0) return { suggested_title: null, suggested_tags: [], content_score: null };
  const tags = rankTags(items);
  return {
    suggested_title: title(request, tags.slice(0, TITLE_TAGS), summary.total_items).slice(0, 200),
    suggested_tags: tags.slice(0, MAX_TAGS),
    content_score: pageScore(items),
  };
}

/** Tags by weight (each clip counts 1 + score/100), ties broken alphabetically. */
export function rankTags(items: readonly ContentItem[]): string[] {
  const weights = new Map<string, number>();
  for (const item of items) {
    const weight = 1 + (item.content_score ?? 0) / 100;
    for (const tag of new Set(item.content_tags ?? [])) weights.set(tag, (weights.get(tag) ?? 0) + weight);
  }
  return [...weights.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([tag]) => tag);
}

export function pageScore(items: readonly ContentItem[]): number | null {
  const scores = items
    .map((item) => item.content_score)
    .filter((score): score is number => score !== undefined)
    .sort((a, b) => b - a)
    .slice(0, SCORE_TOP);
  if (scores.length === 0) return null;
  return Math.round((scores.reduce((sum, score) => sum + score, 0) / scores.length) * 10) / 10;
}

function title(
  request: Pick<ContentGenerationRequest, 'content_type' | 'date_range' | 'repository'>,
  tags: string[],
  total: number,
): string {
  const start = request.date_range.start.slice(0, 10);
  const end = request.date_range.end.slice(0, 10);
  const period = start === end ? start : `${start} to ${end}`;
  const topics = tags.length > 0 ? tags.join(', ') : `${total} clip${total === 1 ? '' : 's'}`;
  const where = request.repository ? ` in ${request.repository}` : '';
  switch (request.content_type) {
    case 'daily_recap':
      return `Stream recap, ${period}: ${topics}${where}`;
    case 'weekly_summary':
      return `The week on stream, ${period}: ${topics}${where}`;
    case 'topic_focus':
      return `Focus on ${tags[0] ?? 'the stream'}${where}: ${period}`;
  }
}
