import type { ContentItem } from '../../core/schemas/content-item.ts';

/** The queryable columns of a content item, derived from its JSON so the two never disagree. */
export function indexColumns(item: ContentItem) {
  return {
    content_item_id: item.content_item_id,
    clip_id: item.clip_id,
    platform: item.platform,
    broadcaster_name: item.broadcaster_name,
    creator_name: item.creator_name,
    clip_created_ms: Date.parse(item.clip_created_at),
    clip_duration: item.clip_duration,
    clip_view_count: item.clip_view_count,
    processing_status: item.processing_status,
    content_score: item.content_score ?? null,
    content_category: item.content_category ?? null,
    has_transcript: item.transcript ? 1 : 0,
    has_github_context: linkedRepositories(item).length > 0 ? 1 : 0,
    stored_ms: Date.parse(item.stored_at),
    updated_ms: Date.parse(item.updated_at ?? item.stored_at),
  };
}

/** Repositories the item is linked to through matched GitHub activity. */
export function linkedRepositories(item: ContentItem): string[] {
  const context = item.github_context;
  if (!context) return [];
  const links = [...context.commits, ...context.pull_requests, ...context.issues, ...context.releases];
  return [...new Set(links.map((link) => link.repository))].sort();
}
