import { describe, expect, it } from 'vitest';
import { ContentItem } from '../../../core/schemas/content-item.ts';
import { postImage } from '../../../site/lib/post-image.ts';
import { loadFixture } from './load-item.ts';

describe('postImage', async () => {
  const a = ContentItem.parse(await loadFixture('twitch-SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp'));
  const b = ContentItem.parse(await loadFixture('twitch-TinyShinyPenguinPogChamp-8sLrW2cQx0mNvB4k'));

  it('uses the hero clip, named by clip id or content item id', () => {
    expect(postImage([a, b], b.clip_id)?.url).toBe(b.clip_thumbnail_url);
    expect(postImage([a, b], a.content_item_id)?.url).toBe(a.clip_thumbnail_url);
  });

  it('falls back to the best-scored clip, and to none without clips', () => {
    const best = (a.content_score ?? 0) >= (b.content_score ?? 0) ? a : b;
    expect(postImage([a, b])?.url).toBe(best.clip_thumbnail_url);
    expect(postImage([])).toBeUndefined();
  });

  it('takes the size from the Twitch thumbnail URL and describes the image as text', () => {
    const image = postImage([a], a.clip_id);
    expect(image).toMatchObject({ width: 480, height: 272 });
    expect(image?.alt).toContain("<script>alert('clip')</script>");
  });
});
