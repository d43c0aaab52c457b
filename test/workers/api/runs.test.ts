import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { ContentApiClient, ContentApiError } from '../../../client/content-api-client.ts';
import { RunRecordList } from '../../../core/openapi/api-schemas.ts';
import { RunRecord, type RunStatus, type RunTrigger } from '../../../core/schemas/run-record.ts';
import { RunRecordStore } from '../../../store/runs/run-records.ts';
import { harness, KEYS, ORIGIN, read, signed, T0 } from './harness.ts';

const RUNS = '/api/content/runs';
const TRIGGERS: RunTrigger[] = ['cron', 'cli', 'stream_offline', 'api'];

interface SeededRun {
  run_id: string;
  trigger: RunTrigger;
  status: RunStatus;
  started_ms: number;
}

/**
 * 25 runs a minute apart, oldest first: every third left running, every fifth failed, the rest
 * completed; the two last share a start so the tie-break shows. Written through the store the
 * pipeline writes with, so the API reads exactly what a run records.
 */
const seeded: SeededRun[] = Array.from({ length: 25 }, (_, i) => ({
  run_id: `run_api-test-${String(i).padStart(4, '0')}`,
  trigger: TRIGGERS[i % TRIGGERS.length] as RunTrigger,
  status: i % 3 === 0 ? 'running' : i % 5 === 0 ? 'failed' : 'completed',
  started_ms: T0 - (25 - Math.min(i, 23)) * 60_000,
}));
const newestFirst = [...seeded].sort((a, b) => b.started_ms - a.started_ms || a.run_id.localeCompare(b.run_id));
const ids = (runs: readonly { run_id: string }[]) => runs.map((run) => run.run_id);

async function seedRuns(): Promise<void> {
  const store = new RunRecordStore(env.DB);
  for (const [i, run] of seeded.entries()) {
    const period = { start: '2026-11-09', end: '2026-11-09' };
    await store.start({ run_id: run.run_id, trigger: run.trigger, period }, run.started_ms);
    if (run.status === 'running') continue;
    await store.complete(
      run.run_id,
      { trigger: run.trigger, period },
      {
        status: run.status,
        items_seen: 10 + i,
        transcribed: 9,
        matched: 4,
        ready: run.status === 'failed' ? 7 : 9,
        failed: run.status === 'failed' ? 2 : 0,
        failures:
          run.status === 'failed'
            ? [
                { step: 'process_item', code: 'upstream_timeout', message: 'Whisper timed out', content_item_id: 'x1' },
                { step: 'publish', code: 'upstream_unavailable', message: '' },
              ]
            : [],
        posts: [{ path: 'content/posts/2026/2026-11-09-recap.md', title: 'Stream recap', verdict: 'pass' }],
        pull_requests: [{ url: `https://github.com/o/blog/pull/${i + 1}`, number: i + 1, outcome: 'created' }],
        notification: { outcome: 'created', channel: 'discord' },
        ai_budget: { day: '2026-11-10', used_units: 120 + i, limit_units: 10_000 },
      },
      run.started_ms + 30_000,
    );
  }
}

async function list(query = ''): Promise<{ status: number; body: RunRecordList }> {
  const response = await harness().send(await signed({ path: `${RUNS}${query}` }));
  expect(response.headers.get('content-type')).toContain('application/json');
  const { status, body } = await read(response);
  return { status, body: RunRecordList.parse(body) };
}

describe('GET /api/content/runs before any run', () => {
  it('answers an empty page, not an error', async () => {
    expect(await list()).toEqual({
      status: 200,
      body: {
        runs: [],
        pagination: {
          total_items: 0,
          total_pages: 0,
          current_page: 1,
          per_page: 20,
          has_next: false,
          has_prev: false,
        },
      },
    });
  });
});

describe('with runs recorded', () => {
  beforeAll(seedRuns);

  describe('GET /api/content/runs', () => {
    it('answers the 20 newest runs first, with the items list pagination, each valid against RunRecord', async () => {
      const { status, body } = await list();
      expect(status).toBe(200);
      expect(ids(body.runs)).toEqual(ids(newestFirst.slice(0, 20)));
      expect(body.pagination).toEqual({
        total_items: 25,
        total_pages: 2,
        current_page: 1,
        per_page: 20,
        has_next: true,
        has_prev: false,
      });
      const store = new RunRecordStore(env.DB);
      expect(body.runs[0]).toEqual(await store.get(newestFirst[0]?.run_id ?? ''));
    });

    it('pages on: page 2 holds the oldest five, and a page past the end is empty', async () => {
      const second = await list('?page=2');
      expect(ids(second.body.runs)).toEqual(ids(newestFirst.slice(20)));
      expect(second.body.pagination).toMatchObject({ current_page: 2, has_next: false, has_prev: true });
      const past = await list('?page=9&limit=5');
      expect(past.body.runs).toEqual([]);
      expect(past.body.pagination).toMatchObject({ total_items: 25, total_pages: 5, has_next: false });
    });

    it('takes limit from 1 to 100', async () => {
      expect(ids((await list('?limit=1')).body.runs)).toEqual(ids(newestFirst.slice(0, 1)));
      const all = await list('?limit=100');
      expect(ids(all.body.runs)).toEqual(ids(newestFirst));
      expect(all.body.pagination).toMatchObject({ per_page: 100, total_pages: 1 });
    });

    it.each([
      ['status=failed', (run: SeededRun) => run.status === 'failed'],
      ['status=running', (run: SeededRun) => run.status === 'running'],
      ['trigger=cli', (run: SeededRun) => run.trigger === 'cli'],
      ['trigger=cron&status=completed', (run: SeededRun) => run.trigger === 'cron' && run.status === 'completed'],
    ])('filters by ?%s, newest first, counting only the matches', async (query, keep) => {
      const expected = newestFirst.filter(keep);
      expect(expected.length).toBeGreaterThan(0);
      const { body } = await list(`?${query}&limit=100`);
      expect(ids(body.runs)).toEqual(ids(expected));
      expect(body.pagination.total_items).toBe(expected.length);
    });

    it('answers an empty page when the filters match nothing', async () => {
      expect(seeded.some((run) => run.trigger === 'api' && run.status === 'failed')).toBe(false);
      const { body } = await list('?trigger=api&status=failed');
      expect(body).toEqual({
        runs: [],
        pagination: expect.objectContaining({ total_items: 0, total_pages: 0, has_next: false }),
      });
    });

    it('returns failures, posts, pull requests, notification and AI budget as the store records them', async () => {
      const { body } = await list('?status=failed&limit=1');
      const [run] = body.runs;
      expect(run).toMatchObject({
        status: 'failed',
        failed: 2,
        failures: [
          { step: 'process_item', code: 'upstream_timeout', message: 'Whisper timed out', content_item_id: 'x1' },
          { step: 'publish', code: 'upstream_unavailable', message: '' },
        ],
        pull_requests: [{ outcome: 'created', url: expect.stringMatching(/^https:\/\/github\.com\//) }],
        notification: { outcome: 'created', channel: 'discord' },
        ai_budget: { day: '2026-11-10', limit_units: 10_000 },
      });
      expect(run?.finished_at).not.toBeNull();
    });

    it.each([
      ['limit=0', 'validation_failed', 'limit'],
      ['limit=101', 'validation_failed', 'limit'],
      ['limit=abc', 'validation_failed', 'limit'],
      ['page=0', 'validation_failed', 'page'],
      ['limit=1&limit=2', 'validation_failed', 'limit'],
      ['status=done', 'validation_failed', 'status'],
      ['trigger=webhook', 'validation_failed', 'trigger'],
      ['sort_by=started_at', 'unknown_parameter', 'sort_by'],
    ])('answers 400 problem+json naming the parameter for ?%s', async (query, code, field) => {
      const response = await harness().send(await signed({ path: `${RUNS}?${query}` }));
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await read(response)).toMatchObject({ status: 400, body: { code, field } });
    });
  });

  describe('GET /api/content/runs/{run_id}', () => {
    it('answers the whole record, exactly as the store reads it', async () => {
      const target = seeded[10] as SeededRun;
      const response = await harness().send(await signed({ path: `${RUNS}/${target.run_id}` }));
      const { status, body } = await read(response);
      expect(status).toBe(200);
      expect(body).toEqual(await new RunRecordStore(env.DB).get(target.run_id));
      expect(RunRecord.parse(body)).toMatchObject({
        run_id: target.run_id,
        trigger: target.trigger,
        status: target.status,
        started_at: new Date(target.started_ms).toISOString(),
        finished_at: new Date(target.started_ms + 30_000).toISOString(),
        items_seen: 20,
        period: { start: '2026-11-09', end: '2026-11-09' },
      });
    });

    it('answers a run still in progress with null finish, notification and budget', async () => {
      const target = seeded[0] as SeededRun;
      const { status, body } = await read(await harness().send(await signed({ path: `${RUNS}/${target.run_id}` })));
      expect(status).toBe(200);
      expect(RunRecord.parse(body)).toMatchObject({
        status: 'running',
        finished_at: null,
        notification: null,
        ai_budget: null,
        failures: [],
        items_seen: 0,
      });
    });

    it('answers 404 problem+json naming run_id for a well-formed id that was never recorded', async () => {
      const response = await harness().send(await signed({ path: `${RUNS}/run_00000000-0000-4000-8000-000000000000` }));
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await read(response)).toMatchObject({ status: 404, body: { code: 'not_found', field: 'run_id' } });
    });

    it.each(['run_x', 'job_0123456789abcdef', 'run_under_score', `run_${'a'.repeat(65)}`])(
      'answers 400 validation_failed on run_id for the malformed id %s',
      async (id) => {
        const response = await harness().send(await signed({ path: `${RUNS}/${id}` }));
        expect(await read(response)).toMatchObject({
          status: 400,
          body: { code: 'validation_failed', field: 'run_id' },
        });
      },
    );
  });

  describe('the typed client', () => {
    it('lists runs with filters and reads one, signing as any caller would', async () => {
      const api = harness();
      // The client signs with the real clock; the server's clock must agree.
      api.clock.now = Date.now();
      const client = new ContentApiClient({
        baseUrl: ORIGIN,
        keyId: 'client-b',
        secret: KEYS['client-b'],
        fetch: (input, init) => api.send(new Request(input, init)),
      });
      const failed = await client.listRuns({ status: 'failed', limit: 2 });
      expect(ids(failed.runs)).toEqual(ids(newestFirst.filter((run) => run.status === 'failed').slice(0, 2)));
      const first = failed.runs[0] as RunRecord;
      expect(await client.getRun(first.run_id)).toEqual(first);
      const missing = await client.getRun('run_00000000-never').catch((error: unknown) => error);
      expect(missing).toBeInstanceOf(ContentApiError);
      expect(missing).toMatchObject({ status: 404, problem: { code: 'not_found', field: 'run_id' } });
    });
  });

  describe('authentication and methods', () => {
    it.each([RUNS, `${RUNS}/${seeded[1]?.run_id}`])(
      'answers 401 signature_missing to an unsigned GET %s',
      async (path) => {
        const response = await harness().send(new Request(`${ORIGIN}${path}`));
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        expect(await read(response)).toMatchObject({ status: 401, body: { code: 'signature_missing' } });
      },
    );

    it('refuses a key the server does not know, though the request is signed', async () => {
      const request = await signed({ path: RUNS, keyId: 'client-z', secret: 'secret-z-0123456789abcdef' });
      expect(await read(await harness().send(request))).toMatchObject({ status: 401, body: { code: 'unknown_key' } });
    });

    it.each([
      ['POST', RUNS],
      ['DELETE', `${RUNS}/${seeded[1]?.run_id}`],
    ])('answers 405 with Allow: GET to a signed %s %s', async (method, path) => {
      const response = await harness().send(await signed({ method, path, body: method === 'POST' ? '{}' : '' }));
      expect(response.headers.get('allow')).toBe('GET');
      expect(await read(response)).toMatchObject({ status: 405, body: { code: 'method_not_allowed' } });
    });
  });
});
