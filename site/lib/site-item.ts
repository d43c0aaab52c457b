import type { z } from 'zod';
import { ContentItem } from '../../core/schemas/content-item.ts';
import { githubLinks } from './github.ts';

/**
 * What the blog shows of a ContentItem: the clip, its transcript's text, its GitHub activity as the
 * clip's cards show it, and its score. Item files are validated against the whole ContentItem
 * schema, then only this is kept in the content store: the store is serialized, bundled into the
 * prerender code and parsed again, so transcript segments, provenance, pipeline bookkeeping and
 * the matching window's details would cost build time on every build for nothing a page shows.
 * `github_links` is absent when the item was never matched, and empty when nothing matched.
 */
export const SiteItemSchema = ContentItem.transform((item) => ({
  content_item_id: item.content_item_id,
  clip_id: item.clip_id,
  clip_title: item.clip_title,
  clip_url: item.clip_url,
  clip_embed_url: item.clip_embed_url,
  clip_thumbnail_url: item.clip_thumbnail_url,
  clip_duration: item.clip_duration,
  clip_view_count: item.clip_view_count,
  clip_created_at: item.clip_created_at,
  broadcaster_name: item.broadcaster_name,
  creator_name: item.creator_name,
  platform: item.platform,
  ...(item.transcript && { transcript: { text: item.transcript.text, language: item.transcript.language } }),
  ...(item.github_context && { github_links: githubLinks(item.github_context) }),
  ...(item.content_score !== undefined && { content_score: item.content_score }),
  ...(item.content_category && { content_category: item.content_category }),
}));

export type SiteItem = z.output<typeof SiteItemSchema>;
