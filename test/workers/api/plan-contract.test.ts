import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentGenerationResponse } from '../../../core/schemas/content-generation.ts';
import type { GitHubContext } from '../../../core/schemas/github-context.ts';
import { Job } from '../../../core/schemas/job.ts';
import { JobStore } from '../../../store/api/jobs.ts';
import { githubContext } from '../helpers/clip-facts.ts';
import { harness, read, signed } from './harness.ts';
import { scoredItem, seedItems } from './seed.ts';

// Days of their own, so the counts here are not disturbed by other files' seeds.
const DAY = '2027-03-02';
const GENERATE = '/api/content/generate';

function context(n: number, confidence: number): GitHubContext {
  const base = githubContext('codewithmara/plan-api');
  const repo = 'codewithmara/plan-api';
  const commit = base.commits[0];
  if (!commit) throw new Error('the helper context has a commit');
  const at = commit.occurred_at;
  const evidence = { repository: repo, occurred_at: at, offset_seconds: 60, confidence, reason: 'named in the clip' };
  return {
    ...base,
    commits: [
      {
        ...commit,
        ...evidence,
        sha: `${n}`.padStart(7, 'c').replace(/\D/g, 'c'),
        url: `https://github.com/${repo}/commit/c${n}`,
      },
      // Every item also links the same shared commit: counted once.
      { ...commit, ...evidence, sha: 'ffffffff', url: `https://github.com/${repo}/commit/shared` },
    ],
    pull_requests: [
      {
        number: 7,
        title: 'Plan',
        state: 'open',
        action: 'opened',
        url: `https://github.com/${repo}/pull/7`,
        ...evidence,
      },
    ],
    issues: [
      {
        number: 100 + n,
        title: 'Bug',
        state: 'open',
        action: 'opened',
        url: `https://github.com/${repo}/issues/${100 + n}`,
        ...evidence,
      },
    ],
  };
}

// Ten development clips with links (scores 90..81, tag stripe), then two newer low-scoring gaming
// clips tagged "muted": the newest page of two holds only the gaming clips.
const dev = Array.from({ length: 10 }, (_, i) =>
  scoredItem(200 + i, `${DAY}T1${i}:00:00Z`, {
    content_score: 90 - i,
    content_tags: ['stripe'],
    content_category: 'development',
    clip_duration: 30 + i,
    github_context: context(i, i < 5 ? 0.9 : 0.5),
  }),
);
const gaming = [0, 1].map((i) =>
  scoredItem(300 + i, `${DAY}T2${i}:00:00Z`, {
    content_score: 8,
    content_tags: ['muted'],
    content_category: 'gaming',
    github_context: undefined,
  }),
);

beforeAll(async () => {
  await seedItems(env.DB, [...dev, ...gaming]);
});

const generate = (request: unknown, headers: Record<string, string> = {}) =>
  signed({ path: GENERATE, body: JSON.stringify(request), headers });

describe('the product plan’s request and response', () => {
  it('accepts a request with every field of the plan and answers every field of the plan', async () => {
    const api = harness();
    const request = {
      page: 1,
      limit: 3,
      sort_by: 'view_count',
      sort_order: 'asc',
      date_range: { start: DAY, end: DAY },
      filters: {
        min_views: 0,
        min_duration: 0,
        max_duration: 600,
        categories: ['development'],
        min_confidence: 0.8,
        platform: 'twitch',
        processing_status: ['ready_for_content'],
      },
      content_type: 'daily_recap',
      repository: 'codewithmara/plan-api',
      mode: 'sync',
      idempotency_key: 'plan-every-field',
    };
    const { status, body } = await read(await api.send(await generate(request)));
    expect(status).toBe(200);
    const answer = ContentGenerationResponse.parse(body);
    expect(Object.keys(answer.pagination).sort()).toEqual(
      ['current_page', 'has_next', 'has_prev', 'per_page', 'total_items', 'total_pages'].sort(),
    );
    expect(answer.pagination).toEqual({
      total_items: 5,
      total_pages: 2,
      current_page: 1,
      per_page: 3,
      has_next: true,
      has_prev: false,
    });
    expect(answer.content_items.map((item) => item.clip_view_count)).toEqual(
      [...answer.content_items.map((item) => item.clip_view_count)].sort((a, b) => a - b),
    );
    // Counted over the five matches, not the page of three: 5 own commits + 1 shared, 1 PR, 5 issues.
    expect(answer.summary).toMatchObject({ total_clips: 5, total_prs: 1, total_commits: 6, total_issues: 5 });
    expect(answer.suggested_tags).toEqual(['development']);
    expect(answer.content_score).toBe(88);
  });

  it.each(['created_at', 'view_count', 'content_score', 'duration'])('sorts by the plan’s %s', async (sortBy) => {
    const api = harness();
    const request = { date_range: { start: DAY, end: DAY }, sort_by: sortBy, filters: { categories: ['development'] } };
    const { status, body } = await read(await api.send(await generate(request)));
    expect(status).toBe(200);
    const items = ContentGenerationResponse.parse(body).content_items;
    const key = {
      created_at: (i: (typeof items)[number]) => Date.parse(i.clip_created_at),
      view_count: (i: (typeof items)[number]) => i.clip_view_count,
      content_score: (i: (typeof items)[number]) => i.content_score ?? 0,
      duration: (i: (typeof items)[number]) => i.clip_duration,
    }[sortBy as 'created_at'];
    const values = items.map(key);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('filters by min_confidence: an item needs one GitHub link at least that confident', async () => {
    const api = harness();
    const count = async (min: number) => {
      const request = { date_range: { start: DAY, end: DAY }, filters: { min_confidence: min } };
      return ContentGenerationResponse.parse((await read(await api.send(await generate(request)))).body).pagination
        .total_items;
    };
    expect(await count(0.9)).toBe(5);
    expect(await count(0.5)).toBe(10);
    expect(await count(0.95)).toBe(0);
  });

  it('suggests title, tags and score from the best development items of the whole range, not the page', async () => {
    const api = harness();
    const request = { date_range: { start: '2020-01-01', end: '2030-01-01' }, limit: 2, sort_by: 'created_at' };
    // Only this file's clips carry "stripe" or "muted"; narrow to them without touching suggestions' inputs.
    const narrowed = { ...request, filters: { content_tags: ['stripe', 'muted'] } };
    const answer = ContentGenerationResponse.parse((await read(await api.send(await generate(narrowed)))).body);
    expect(answer.content_items.map((item) => item.content_category)).toEqual(['gaming', 'gaming']);
    expect(answer.suggested_title).toBe(`Stream recap, ${DAY}: stripe`);
    expect(answer.suggested_tags).toEqual(['development', 'gaming']);
    expect(answer.suggested_topics).toEqual(['stripe']);
    // The five best development clips: 90, 89, 88, 87, 86.
    expect(answer.content_score).toBe(88);
    expect(answer.summary.total_clips).toBe(12);
  });

  it('has no suggested title or score when nothing development matched', async () => {
    const api = harness();
    const request = { date_range: { start: DAY, end: DAY }, filters: { categories: ['gaming'] } };
    const answer = ContentGenerationResponse.parse((await read(await api.send(await generate(request)))).body);
    expect(answer).toMatchObject({ suggested_title: null, content_score: null, suggested_tags: ['gaming'] });
  });

  it('reports jobs as queued, processing, completed or failed, errors with occurred_at', async () => {
    const api = harness();
    const accepted = await read(
      await api.send(await generate({ date_range: { start: DAY, end: DAY }, mode: 'async' })),
    );
    const jobId = String(accepted.body.job_id);
    const path = `/api/content/jobs/${jobId}`;
    expect(Job.parse((await read(await api.send(await signed({ path })))).body).job_status).toBe('queued');
    const jobs = new JobStore(env.DB);
    expect(await jobs.start(jobId, Date.now())).toBe(true);
    expect(Job.parse((await read(await api.send(await signed({ path })))).body).job_status).toBe('processing');
    await jobs.fail(jobId, { code: 'generation_failed', message: 'no' }, Date.parse('2027-03-03T00:00:00Z'));
    const failed = Job.parse((await read(await api.send(await signed({ path })))).body);
    expect(failed).toMatchObject({
      job_status: 'failed',
      error: { code: 'generation_failed', message: 'no', occurred_at: '2027-03-03T00:00:00.000Z' },
    });
  });

  it('takes the plan’s filters as query parameters of GET /api/content/items too', async () => {
    const api = harness();
    const query = `start=${DAY}&end=${DAY}&sort_by=duration&min_views=0&categories=development&min_confidence=0.9&platform=twitch`;
    const { status, body } = await read(await api.send(await signed({ path: `/api/content/items?${query}` })));
    expect(status).toBe(200);
    expect(body.pagination).toMatchObject({ total_items: 5, current_page: 1, per_page: 20, has_prev: false });
  });
});
