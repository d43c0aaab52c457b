import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FEATURED, type PostRequest, selectFeatured } from '../../../core/posts/facts.ts';
import { ContentItem } from '../../../core/schemas/content-item.ts';
import { generatePost } from '../../../pipeline/src/generate/generate-post.ts';
import { readPostFile } from '../../../pipeline/src/generate/read-post-file.ts';

/**
 * Golden files: the offline post for each type, from the sample world's items as the pipeline
 * stored them (test/fixtures/posts/items.json). A change to any renderer shows up as a diff here;
 * when it is intended, rewrite them with `UPDATE_GOLDEN=1 npx vitest run --project unit test/unit/posts`.
 */
const items = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/posts/items.json'), 'utf8')) as unknown[]
).map((item) => ContentItem.parse(item));
const NOW = new Date('2026-11-10T03:00:00Z');
const CASES: [string, PostRequest][] = [
  [
    'daily-recap-2026-11-05',
    {
      content_type: 'daily_recap',
      period: { start: '2026-11-05', end: '2026-11-05' },
      timezone: 'America/Mexico_City',
    },
  ],
  [
    'daily-recap-2026-11-09',
    {
      content_type: 'daily_recap',
      period: { start: '2026-11-09', end: '2026-11-09' },
      timezone: 'America/Mexico_City',
    },
  ],
  [
    'weekly-summary-2026-11-02',
    {
      content_type: 'weekly_summary',
      period: { start: '2026-11-02', end: '2026-11-08' },
      timezone: 'America/Mexico_City',
    },
  ],
  [
    'topic-focus-stripe',
    {
      content_type: 'topic_focus',
      period: { start: '2026-11-02', end: '2026-11-15' },
      timezone: 'America/Mexico_City',
      topic: 'stripe',
    },
  ],
];

function inPeriod(request: PostRequest) {
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: request.timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return items.filter((item) => {
    const local = day.format(new Date(item.clip_created_at));
    return local >= request.period.start && local <= request.period.end;
  });
}

describe('golden posts (offline provider)', () => {
  for (const [name, request] of CASES) {
    it(`${name} renders as recorded`, async () => {
      const facts = {
        ...request,
        featured: selectFeatured(inPeriod(request), request),
        site_url: 'https://blog.example.dev',
      };
      expect(facts.featured.length).toBeGreaterThan(0);
      const generated = await generatePost(facts, null, NOW);
      const file = generated.bundle.files[0]?.content ?? '';
      const golden = join(import.meta.dirname, 'golden', `${name}.md`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, file);
      expect(file).toBe(readFileSync(golden, 'utf8'));
      // What every post must be, whatever the golden text says.
      expect(generated.judgement.checks.filter((c) => !c.ok)).toEqual([]);
      expect(file).not.toMatch(/\b(undefined|null|NaN)\b|\[object Object\]|Stream recap/);
      const { data } = readPostFile(file);
      expect(data.title).toBe(generated.post.frontmatter.title);
      expect(data.content_item_ids).toEqual(facts.featured.map((item) => item.content_item_id));
      expect(data.judge).toEqual(generated.judgement.verdict);
      expect(data.generated_by).toMatchObject({ ai_provider: 'offline' });
    });
  }

  it('a period without development clips has nothing to feature', () => {
    const request: PostRequest = {
      content_type: 'daily_recap',
      period: { start: '2026-11-07', end: '2026-11-07' },
      timezone: 'America/Mexico_City',
    };
    expect(selectFeatured(inPeriod(request), request)).toEqual([]);
  });

  it('a busy day features its best clips only, in stream order', () => {
    const request: PostRequest = {
      content_type: 'daily_recap',
      period: { start: '2026-11-05', end: '2026-11-05' },
      timezone: 'America/Mexico_City',
    };
    const one = selectFeatured(inPeriod(request), request)[0];
    if (!one) throw new Error('the sample day has a development clip');
    const busy = Array.from({ length: 40 }, (_, i) => ({
      ...one,
      content_item_id: `twitch-busy-${String(i).padStart(2, '0')}`,
      content_score: i,
      clip_created_at: new Date(Date.parse(one.clip_created_at) + (40 - i) * 60_000).toISOString(),
    }));
    const featured = selectFeatured(busy, request);
    expect(featured).toHaveLength(MAX_FEATURED.daily_recap);
    expect(featured.map((item) => item.content_score).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([
      28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39,
    ]);
    expect(featured.map((item) => item.clip_created_at)).toEqual(
      [...featured.map((item) => item.clip_created_at)].sort(),
    );
  });

  it('a gaming clip is never featured', () => {
    const request: PostRequest = {
      content_type: 'daily_recap',
      period: { start: '2026-11-05', end: '2026-11-05' },
      timezone: 'America/Mexico_City',
    };
    const featured = selectFeatured(inPeriod(request), request);
    expect(featured.some((item) => item.content_category === 'gaming')).toBe(false);
    expect(inPeriod(request).some((item) => item.content_category === 'gaming')).toBe(true);
  });
});
