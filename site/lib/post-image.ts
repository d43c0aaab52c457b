import { thumbnailSize } from './format.ts';
import type { SiteItem } from './site-item.ts';

export interface PostImage {
  url: string;
  width: number;
  height: number;
  alt: string;
}

/**
 * The image that stands for a post in social previews and JSON-LD: the hero clip's thumbnail
 * (`hero_clip_id` names a clip id or a content item id), else the best-scored clip's, else none.
 */
export function postImage(items: readonly SiteItem[], heroClipId?: string): PostImage | undefined {
  const hero =
    items.find((item) => item.clip_id === heroClipId || item.content_item_id === heroClipId) ??
    [...items].sort((a, b) => (b.content_score ?? 0) - (a.content_score ?? 0))[0];
  if (!hero) return undefined;
  return {
    url: hero.clip_thumbnail_url,
    ...thumbnailSize(hero.clip_thumbnail_url),
    alt: `Thumbnail of the clip “${hero.clip_title.trim() || 'Untitled clip'}”`,
  };
}
