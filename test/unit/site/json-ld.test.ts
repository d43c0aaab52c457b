import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ContentItem } from '../../../core/schemas/content-item.ts';
import { blogPostingLd, isoDuration, serializeJsonLd } from '../../../site/lib/json-ld.ts';
import { loadFixture } from './load-item.ts';

describe('serializeJsonLd', () => {
  it('escapes what could close the script element, and parses back unchanged', () => {
    const data = { headline: '</script><script>alert(1)</script> & <!-- \u2028' };
    const json = serializeJsonLd(data);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toEqual(data);
  });

  it('never emits a "<" for any input, and always round-trips', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const json = serializeJsonLd(value);
        expect(json).not.toContain('<');
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('isoDuration', () => {
  it.each([
    [27.4, 'PT27.4S'],
    [60, 'PT1M'],
    [65, 'PT1M5S'],
    [0.5, 'PT0.5S'],
  ])('writes %s s as %s', (seconds, iso) => {
    expect(isoDuration(seconds)).toBe(iso);
  });
});

describe('blogPostingLd', () => {
  it('describes the post and each clip as a VideoObject with its player URL', async () => {
    const item = ContentItem.parse(await loadFixture('twitch-SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp'));
    const ld = blogPostingLd({
      post: { title: 'T', description: 'D', publish_at: '2026-11-04T15:00:00Z', tags: ['stripe', 'laravel'] },
      url: 'https://blog.example/posts/t/',
      image: item.clip_thumbnail_url,
      wordCount: 120,
      siteName: 'Streamlog',
      siteUrl: 'https://blog.example/',
      clips: [{ item, playerUrl: 'https://clips.twitch.tv/embed?clip=x&parent=blog.example' }],
    });
    expect(ld).toMatchObject({
      '@type': 'BlogPosting',
      headline: 'T',
      datePublished: '2026-11-04T15:00:00Z',
      dateModified: '2026-11-04T15:00:00Z',
      keywords: 'stripe, laravel',
      author: { '@type': 'Person', name: 'CodeWithMara' },
    });
    expect(ld.video).toEqual([
      expect.objectContaining({
        '@type': 'VideoObject',
        name: item.clip_title,
        duration: 'PT27.4S',
        uploadDate: item.clip_created_at,
        thumbnailUrl: item.clip_thumbnail_url,
        embedUrl: 'https://clips.twitch.tv/embed?clip=x&parent=blog.example',
      }),
    ]);
  });
});
