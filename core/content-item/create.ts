import { SCHEMA_VERSION } from '../schemas/common.ts';
import type { ClipFacts, ContentItem, Platform } from '../schemas/content-item.ts';

/** Deterministic, so two workers ingesting the same clip agree on the id without talking. */
export function contentItemIdFor(platform: Platform, clipId: string): string {
  return `${platform}-${clipId}`;
}

/** A fresh `pending` item for a clip seen for the first time. */
export function newContentItem(clip: ClipFacts, now: string): ContentItem {
  return {
    schema_version: SCHEMA_VERSION,
    content_item_id: contentItemIdFor(clip.platform, clip.clip_id),
    ...clip,
    processing_status: 'pending',
    stored_at: now,
    updated_at: now,
  };
}
