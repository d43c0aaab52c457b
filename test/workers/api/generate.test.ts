import { createExecutionContext, createMessageBatch, env, getQueueResult } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentGenerationResponse } from '../../../core/schemas/content-generation.ts';
import { Job } from '../../../core/schemas/job.ts';
import { queueDeps } from '../../../pipeline/src/deps.ts';
import { dispatchBatch } from '../../../pipeline/src/queue/dispatch.ts';
import { harness, read, signed } from './harness.ts';
import { scoredItem, seedItems } from './seed.ts';

const GENERATE = '/api/content/generate';
const DAY = '2026-11-09';
const items = Array.from({ length: 30 }, (_, i) =>
  scoredItem(i + 1, new Date(Date.parse(`${DAY}T15:00:00Z`) + i * 60_000).toISOString()),
);

beforeAll(async () => {
  await seedItems(env.DB, [...items, scoredItem(99, '2026-11-08T12:00:00Z')]);
});

const generate = (request: unknown, headers: Record<string, string> = {}) =>
  signed({ path: GENERATE, body: JSON.stringify(request), headers });

describe('POST /api/content/generate, sync', () => {
  it('answers the page, pagination, counts over every match and suggestions, valid against the schema', async () => {
    const api = harness();
    const response = await api.send(
      await generate({ date_range: { start: DAY, end: DAY }, limit: 10, page: 2, sort_by: 'content_score' }),
    );
    const { status, body } = await read(response);
    expect(status).toBe(200);
    const answer = ContentGenerationResponse.parse(body);
    expect(answer.content_items).toHaveLength(10);
    expect(answer.pagination).toEqual({
      total_items: 30,
      total_pages: 3,
      current_page: 2,
      per_page: 10,
      has_next: true,
      has_prev: true,
    });
    expect(answer.summary.total_clips).toBe(30);
    expect(answer.summary.total_items).toBe(30);
    expect(answer.summary.with_github_context).toBe(15);
    const scores = answer.content_items.map((item) => item.content_score ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(answer.date_range).toEqual({ start: `${DAY}T00:00:00.000Z`, end: `${DAY}T23:59:59.999Z` });
    expect(answer.suggested_title).toContain(DAY);
    expect(answer.suggested_tags).toEqual(['development']);
    expect(answer.suggested_topics).toContain('cloudflare-workers');
    expect(answer.content_score).toBeGreaterThan(0);
  });

  it('filters by repository, tags and score like the index does', async () => {
    const api = harness();
    const request = {
      date_range: { start: DAY, end: DAY },
      repository: 'codewithmara/payments-api',
      filters: { content_tags: ['laravel'], min_content_score: 50 },
      limit: 100,
    };
    const { body } = await read(await api.send(await generate(request)));
    const expected = items.filter(
      (item, i) => (i + 1) % 2 === 0 && (i + 1) % 3 === 0 && (item.content_score ?? 0) >= 50,
    ).length;
    expect((body.pagination as { total_items: number }).total_items).toBe(expected);
  });

  it.each([
    [{ date_range: { start: DAY, end: DAY }, limit: 101 }, 'limit'],
    [{ date_range: { start: DAY, end: '2026-11-01' } }, 'date_range.start'],
    [{ date_range: { start: DAY, end: DAY }, filters: { game_id: '1' } }, 'filters.game_id'],
    [{ date_range: { start: DAY, end: DAY }, filters: { content_tags: ['ok', 'NOT OK'] } }, 'filters.content_tags[1]'],
    [{ limit: 5 }, 'date_range'],
    [{ date_range: { start: DAY, end: DAY }, mode: 'later' }, 'mode'],
  ])('answers 400 validation_failed naming the field for %j', async (request, field) => {
    const api = harness();
    expect(await read(await api.send(await generate(request)))).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', field },
    });
  });

  it('answers 400 invalid_json for a body that is not JSON, and 415 for another content type', async () => {
    const api = harness();
    const notJson = await signed({ path: GENERATE, body: '{"date_range":' });
    expect(await read(await api.send(notJson))).toMatchObject({ status: 400, body: { code: 'invalid_json' } });
    const form = await signed({ path: GENERATE, body: 'a=1', headers: { 'content-type': 'text/plain' } });
    expect(await read(await api.send(form))).toMatchObject({ status: 415, body: { code: 'unsupported_media_type' } });
  });
});

describe('POST /api/content/generate, async', () => {
  it('records a job, queues it, answers 202 with Location, and the job ends with the sync answer', async () => {
    const api = harness();
    const request = { date_range: { start: DAY, end: DAY }, limit: 5, mode: 'async' };
    const accepted = await api.send(await generate(request));
    expect(accepted.status).toBe(202);
    const job = Job.parse(await accepted.json());
    expect(job.job_status).toBe('queued');
    expect(accepted.headers.get('location')).toBe(`/api/content/jobs/${job.job_id}`);

    const queued = await read(await api.send(await signed({ path: `/api/content/jobs/${job.job_id}` })));
    expect(queued.body.job_status).toBe('queued');

    const batch = createMessageBatch('streamlog-pipeline', [
      {
        id: 'm1',
        timestamp: new Date(),
        attempts: 1,
        body: { type: 'generate_content', job_id: job.job_id, enqueued_at: job.created_at },
      },
    ]);
    await dispatchBatch(batch, queueDeps(env));
    expect((await getQueueResult(batch, createExecutionContext())).explicitAcks).toEqual(['m1']);

    const done = Job.parse(
      (await read(await api.send(await signed({ path: `/api/content/jobs/${job.job_id}` })))).body,
    );
    expect(done.job_status).toBe('completed');
    const sync = await read(await api.send(await generate({ ...request, mode: 'sync' })));
    // The async job also writes the period's post; these API-seeded items have no stream day
    // (ingestion never saw them), so there is nothing to publish and the result says so.
    expect(done.result).toEqual({
      ...sync.body,
      job_id: job.job_id,
      job_status: 'completed',
      post: { status: 'skipped_empty', path: null, title: null, verdict: null, ai_provider: null },
      pull_request: null,
    });

    // A redelivery leaves the finished job alone.
    await dispatchBatch(batch, queueDeps(env));
    const again = Job.parse(
      (await read(await api.send(await signed({ path: `/api/content/jobs/${job.job_id}` })))).body,
    );
    expect(again).toEqual(done);
  });

  it('shows a job only to the key that created it', async () => {
    const api = harness();
    const accepted = await read(
      await api.send(await generate({ date_range: { start: DAY, end: DAY }, mode: 'async' })),
    );
    const path = `/api/content/jobs/${String(accepted.body.job_id)}`;
    expect((await api.send(await signed({ path, keyId: 'client-b' }))).status).toBe(404);
    expect((await api.send(await signed({ path, keyId: 'client-a' }))).status).toBe(200);
  });

  it('answers 404 for a job that does not exist', async () => {
    const api = harness();
    const response = await api.send(await signed({ path: `/api/content/jobs/job_${'0'.repeat(32)}` }));
    expect(await read(response)).toMatchObject({ status: 404, body: { code: 'not_found', field: 'job_id' } });
  });
});

describe('GET /api/content/items', () => {
  it('takes the same filters as query parameters and pages through the index', async () => {
    const api = harness();
    const query = `start=${DAY}&end=${DAY}&limit=7&sort_by=view_count&sort_order=asc&content_tags=laravel,webhooks`;
    const { status, body } = await read(await api.send(await signed({ path: `/api/content/items?${query}` })));
    expect(status).toBe(200);
    const list = body as { content_items: { clip_view_count: number }[]; pagination: Record<string, unknown> };
    expect(list.pagination).toMatchObject({ total_items: 10, per_page: 7, total_pages: 2, current_page: 1 });
    const views = list.content_items.map((item) => item.clip_view_count);
    expect(views).toEqual([...views].sort((a, b) => a - b));
  });

  it('spans all time without start and end', async () => {
    const api = harness();
    const { body } = await read(await api.send(await signed({ path: '/api/content/items?limit=1' })));
    expect((body.pagination as { total_items: number }).total_items).toBeGreaterThanOrEqual(31);
  });

  it.each([
    ['limit=abc', 'limit'],
    ['limit=1&limit=2', 'limit'],
    ['colour=blue', 'colour'],
    ['has_transcript=yes', 'has_transcript'],
    ['processing_status=ready_for_content,done', 'processing_status'],
  ])('answers 400 naming the parameter for ?%s', async (query, field) => {
    const api = harness();
    const response = await api.send(await signed({ path: `/api/content/items?${query}` }));
    expect(await read(response)).toMatchObject({ status: 400, body: { field } });
  });

  it('answers one item by id, and 404 for an unknown id', async () => {
    const api = harness();
    const [first] = items;
    const found = await read(await api.send(await signed({ path: `/api/content/items/${first?.content_item_id}` })));
    expect(found.body).toEqual(first);
    const missing = await read(await api.send(await signed({ path: '/api/content/items/twitch-nope' })));
    expect(missing).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });
});
