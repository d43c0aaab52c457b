import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ContentQuery } from '../../core/content-item/query.ts';
import type { ContentCategory } from '../../core/schemas/content-item.ts';
import { ContentItemStore } from '../../store/content-items/index.ts';
import { clipFacts, githubContext, transcript } from './helpers/clip-facts.ts';
import { testClock } from './helpers/deps.ts';

const store = new ContentItemStore(env.DB, {
  clock: testClock('2031-03-12T00:00:00Z'),
  timeZone: 'America/Mexico_City',
});

interface Seed {
  name: string;
  created: string;
  views: number;
  duration?: number;
  ready?: { score: number; category: ContentCategory; tags: string[]; repo?: string };
}

// Local day 2031-03-10 in Mexico City (UTC-6) runs from 06:00Z on the 10th to 06:00Z on the 11th.
const SEEDS: Seed[] = [
  { name: 'before-day', created: '2031-03-10T05:30:00Z', views: 50 },
  {
    name: 'morning',
    created: '2031-03-10T15:00:00Z',
    views: 10,
    ready: { score: 40, category: 'development', tags: ['laravel'] },
  },
  {
    name: 'noon',
    created: '2031-03-10T18:00:00Z',
    views: 300,
    duration: 60,
    ready: { score: 90, category: 'development', tags: ['stripe', 'laravel'], repo: 'codewithmara/payments-api' },
  },
  {
    name: 'minecraft',
    created: '2031-03-10T20:00:00Z',
    views: 120,
    ready: { score: 15, category: 'gaming', tags: ['minecraft'] },
  },
  {
    name: 'evening',
    created: '2031-03-10T23:59:00Z',
    views: 80,
    duration: 5,
    ready: { score: 70, category: 'tutorial', tags: ['react'], repo: 'codewithmara/ai-invoice-app' },
  },
  { name: 'after-utc-midnight', created: '2031-03-11T01:30:00Z', views: 210 },
  { name: 'next-local-day', created: '2031-03-11T07:00:00Z', views: 999 },
];

const ids: Record<string, string> = {};

beforeAll(async () => {
  for (const seed of SEEDS) {
    const { item } = await store.upsertClip(
      clipFacts({
        clip_id: `Query-${seed.name}_X`,
        clip_created_at: seed.created,
        clip_view_count: seed.views,
        clip_duration: seed.duration ?? 30,
      }),
    );
    ids[seed.name] = item.content_item_id;
    if (!seed.ready) continue;
    const id = item.content_item_id;
    for (const step of ['queued', 'audio_ready'] as const) await store.transition(id, step);
    await store.transition(id, 'transcribed', { transcript: transcript() });
    if (seed.ready.repo) await store.attachGitHubContext(id, githubContext(seed.ready.repo));
    else await store.transition(id, 'enhanced');
    await store.transition(id, 'ready_for_content', {
      content_score: seed.ready.score,
      content_category: seed.ready.category,
      content_tags: seed.ready.tags,
    });
  }
});

function query(overrides: Partial<ContentQuery> = {}): ContentQuery {
  return {
    date_range: { start: '2031-03-10', end: '2031-03-10' },
    filters: {},
    sort_by: 'created_at',
    sort_order: 'asc',
    page: 1,
    limit: 20,
    ...overrides,
  };
}

const names = (items: { content_item_id: string }[]) =>
  items.map((item) => Object.keys(ids).find((name) => ids[name] === item.content_item_id));

describe('ContentItemStore.query', () => {
  it('treats a bare date as a whole local day in the stream time zone', async () => {
    const page = await store.query(query());
    expect(names(page.items)).toEqual(['morning', 'noon', 'minecraft', 'evening', 'after-utc-midnight']);
    expect(page.total).toBe(5);
  });

  it('takes instants as exact bounds', async () => {
    const page = await store.query(
      query({ date_range: { start: '2031-03-10T18:00:00Z', end: '2031-03-10T20:00:00Z' } }),
    );
    expect(names(page.items)).toEqual(['noon', 'minecraft']);
  });

  it('filters by status, category, tags, repository, score, views, duration and presence', async () => {
    const cases: [Partial<ContentQuery>, string[]][] = [
      [{ filters: { processing_status: ['pending'] } }, ['after-utc-midnight']],
      [{ filters: { categories: ['development', 'tutorial'] } }, ['morning', 'noon', 'evening']],
      [{ filters: { content_tags: ['laravel'] } }, ['morning', 'noon']],
      [{ filters: { content_tags: ['minecraft', 'react'] } }, ['minecraft', 'evening']],
      [{ repository: 'codewithmara/payments-api' }, ['noon']],
      [{ filters: { min_content_score: 70 } }, ['noon', 'evening']],
      [{ filters: { min_views: 200 } }, ['noon', 'after-utc-midnight']],
      [{ filters: { min_duration: 10, max_duration: 59 } }, ['morning', 'minecraft', 'after-utc-midnight']],
      [{ filters: { has_github_context: true } }, ['noon', 'evening']],
      [{ filters: { has_transcript: false } }, ['after-utc-midnight']],
      [{ filters: { creator_name: 'SOME_VIEWER', categories: ['gaming'] } }, ['minecraft']],
    ];
    for (const [overrides, expected] of cases) {
      const page = await store.query(query(overrides));
      expect(names(page.items), JSON.stringify(overrides)).toEqual(expected);
    }
  });

  it('sorts by score with unscored items last in both directions', async () => {
    const desc = await store.query(query({ sort_by: 'content_score', sort_order: 'desc' }));
    expect(names(desc.items)).toEqual(['noon', 'evening', 'morning', 'minecraft', 'after-utc-midnight']);
    const asc = await store.query(query({ sort_by: 'content_score', sort_order: 'asc' }));
    expect(names(asc.items)).toEqual(['minecraft', 'morning', 'evening', 'noon', 'after-utc-midnight']);
  });

  it('sorts by views and pages through the result with a stable order', async () => {
    const first = await store.query(query({ sort_by: 'view_count', sort_order: 'desc', limit: 2, page: 1 }));
    const second = await store.query(query({ sort_by: 'view_count', sort_order: 'desc', limit: 2, page: 2 }));
    const third = await store.query(query({ sort_by: 'view_count', sort_order: 'desc', limit: 2, page: 3 }));
    expect(names(first.items)).toEqual(['noon', 'after-utc-midnight']);
    expect(names(second.items)).toEqual(['minecraft', 'evening']);
    expect(names(third.items)).toEqual(['morning']);
    expect([first.total, second.total, third.total]).toEqual([5, 5, 5]);
    const beyond = await store.query(query({ page: 9, limit: 2 }));
    expect(beyond.items).toEqual([]);
    expect(beyond.total).toBe(5);
  });

  it('summarises every matching item, not only the page', async () => {
    const { summary } = await store.query(query({ limit: 1 }));
    expect(summary).toEqual({
      total_clips: 5,
      total_prs: 0,
      // noon and evening link the same sha in two repositories: two commits.
      total_commits: 2,
      total_issues: 0,
      total_items: 5,
      by_status: { ready_for_content: 4, pending: 1 },
      by_category: { development: 2, gaming: 1, tutorial: 1, uncategorized: 1 },
      with_transcript: 4,
      with_github_context: 2,
      total_view_count: 10 + 300 + 120 + 80 + 210,
      total_duration_seconds: 30 + 60 + 30 + 5 + 30,
      average_content_score: 53.8,
    });
  });

  it('returns an empty page and zero counts for a day with nothing', async () => {
    const page = await store.query(query({ date_range: { start: '2031-01-01', end: '2031-01-02' } }));
    expect(page.items).toEqual([]);
    expect(page.summary.total_items).toBe(0);
    expect(page.summary.average_content_score).toBeNull();
  });
});
