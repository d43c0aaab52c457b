import type { ContentGenerationRequest } from '../schemas/content-generation.ts';
import {
  type ContentCategory,
  ContentCategory as ContentCategorySchema,
  type ContentItem,
} from '../schemas/content-item.ts';
import { localDateOf } from '../time/local-day.ts';

const MAX_TOPICS = 8;
const TITLE_TAGS = 3;

export interface Suggestions {
  suggested_title: string | null;
  suggested_tags: ContentCategory[];
  suggested_topics: string[];
  content_score: number | null;
}

/** What suggestions are built from: facts about everything that matched, never the current page. */
export interface SuggestionInput {
  /** The best development items of the whole match, best first (the store keeps the top few). */
  best: readonly ContentItem[];
  summary: { by_category: Partial<Record<string, number>> };
  /** When the first and last matching clips were made (UTC ms); null when nothing matched. */
  span: { firstMs: number; lastMs: number } | null;
  timeZone: string;
}

/**
 * Title, tags and score for a post made from everything that matched: the title names the topics of
 * the best development items and the local days the matching clips really span (not the requested
 * range); `suggested_tags` are the plan's categories, most frequent first; the score averages the
 * best development items. Built only from validated values (tags, dates, repository names), never
 * from clip titles or transcripts, so untrusted text cannot reach a suggested title. Without any
 * scored development item there is no post to suggest: title and score are null.
 */
export function suggestions(
  request: Pick<ContentGenerationRequest, 'content_type' | 'repository'>,
  input: SuggestionInput,
): Suggestions {
  const tags = categoriesByCount(input.summary.by_category);
  if (input.best.length === 0 || input.span === null) {
    return { suggested_title: null, suggested_tags: tags, suggested_topics: [], content_score: null };
  }
  const topics = rankTags(input.best);
  const start = localDateOf(new Date(input.span.firstMs), input.timeZone);
  const end = localDateOf(new Date(input.span.lastMs), input.timeZone);
  return {
    suggested_title: title(request, start === end ? start : `${start} to ${end}`, topics.slice(0, TITLE_TAGS)).slice(
      0,
      200,
    ),
    suggested_tags: tags,
    suggested_topics: topics.slice(0, MAX_TOPICS),
    content_score: averageScore(input.best),
  };
}

/** The categories that occur, most frequent first, ties in the schema's order. */
export function categoriesByCount(byCategory: Partial<Record<string, number>>): ContentCategory[] {
  return ContentCategorySchema.options
    .map((category, index) => ({ category, index, n: byCategory[category] ?? 0 }))
    .filter((entry) => entry.n > 0)
    .sort((a, b) => b.n - a.n || a.index - b.index)
    .map((entry) => entry.category);
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

/** The mean score of the given items, one decimal; null when none has a score. */
export function averageScore(items: readonly ContentItem[]): number | null {
  const scores = items.map((item) => item.content_score).filter((score): score is number => score !== undefined);
  if (scores.length === 0) return null;
  return Math.round((scores.reduce((sum, score) => sum + score, 0) / scores.length) * 10) / 10;
}

function title(
  request: Pick<ContentGenerationRequest, 'content_type' | 'repository'>,
  period: string,
  tags: string[],
): string {
  const topics = tags.length > 0 ? tags.join(', ') : 'development';
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
