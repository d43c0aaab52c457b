import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clipPlayerUrl, embedParents } from '../../../site/lib/embed.ts';

const twitch = {
  platform: 'twitch' as const,
  clip_id: 'SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp',
  clip_embed_url: 'https://clips.twitch.tv/embed?clip=SillyHumbleOcelotKappaPride-g7Tn2Bq-yV5dHsXp',
};

describe('embedParents', () => {
  it('lists the host of SITE_URL then each SITE_HOSTS entry, once each', () => {
    expect(embedParents('http://localhost:8787', 'streamlog.example, www.streamlog.example,localhost')).toEqual([
      'localhost',
      'streamlog.example',
      'www.streamlog.example',
    ]);
  });

  it('accepts full URLs in SITE_HOSTS and keeps only their host', () => {
    expect(embedParents('https://blog.example/', 'https://preview.blog.example:8443/x')).toEqual([
      'blog.example',
      'preview.blog.example',
    ]);
  });

  it('ignores entries that are not host names, so nothing else reaches the query string', () => {
    expect(embedParents('https://blog.example', ' ,&autoplay=false,a b,@x')).toEqual(['blog.example']);
  });
});

describe('clipPlayerUrl', () => {
  it('builds the Twitch clip player URL with one parent per host', () => {
    const url = new URL(clipPlayerUrl(twitch, ['localhost', 'streamlog.example']) ?? '');
    expect(url.origin + url.pathname).toBe('https://clips.twitch.tv/embed');
    expect(url.searchParams.get('clip')).toBe(twitch.clip_id);
    expect(url.searchParams.getAll('parent')).toEqual(['localhost', 'streamlog.example']);
  });

  it('never frames anything but Twitch: a foreign embed URL falls back to the clip slug', () => {
    const url = clipPlayerUrl({ ...twitch, clip_embed_url: 'https://evil.example/embed?clip=x' }, ['localhost']);
    expect(url?.startsWith(`https://clips.twitch.tv/embed?clip=${twitch.clip_id}&`)).toBe(true);
  });

  it('carries any parent value through as exactly one query value, and nothing more', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 4 }), (parents) => {
        const parsed = new URL(clipPlayerUrl(twitch, parents) ?? '');
        expect(parsed.searchParams.getAll('parent')).toEqual(parents);
        expect([...parsed.searchParams.keys()]).toEqual(['clip', ...parents.map(() => 'parent'), 'autoplay']);
        expect(parsed.searchParams.get('autoplay')).toBe('true');
      }),
    );
  });

  it('gives no player for other platforms or without a parent', () => {
    expect(clipPlayerUrl({ ...twitch, platform: 'youtube' }, ['localhost'])).toBeUndefined();
    expect(clipPlayerUrl(twitch, [])).toBeUndefined();
  });

  it('always yields a Twitch player URL whose clip is a plain slug, whatever the stored embed URL says', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()), (embed) => {
        const url = clipPlayerUrl({ ...twitch, clip_embed_url: embed }, ['localhost']);
        if (url === undefined) return;
        const parsed = new URL(url);
        expect(parsed.origin + parsed.pathname).toBe('https://clips.twitch.tv/embed');
        expect(parsed.searchParams.get('clip')).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]*$/);
        expect(parsed.searchParams.getAll('parent')).toEqual(['localhost']);
      }),
    );
  });
});
