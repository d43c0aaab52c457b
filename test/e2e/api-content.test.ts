import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentApiClient, ContentApiError } from '../../client/content-api-client.ts';
import { ContentGenerationResponse } from '../../core/schemas/content-generation.ts';
import { seedItemsSql } from '../../scripts/lib/seed-sql.ts';
import { type ApiServer, startApiServer } from './api-server.ts';
import { type ContentGenerationRequest, planGenerate } from './plan-client.ts';

const repoRoot = new URL('../../', import.meta.url).pathname;
const KEYS = { local: 'e2e-local-secret-0123456789abcdef' };
const samples = readdirSync(join(repoRoot, 'content/items'))
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(repoRoot, 'content/items', name), 'utf8')) as unknown);

let server: ApiServer;
let client: ContentApiClient;

beforeAll(async () => {
  server = await startApiServer({ keys: KEYS, seedSql: [seedItemsSql(samples)] });
  client = new ContentApiClient({ baseUrl: server.origin, keyId: 'local', secret: KEYS.local });
});

afterAll(async () => {
  await server?.stop();
});

/** Sends a path byte for byte (fetch would normalise it). */
function rawGet(
  path: string,
  method = 'GET',
  headers: Record<string, string> = {},
  body = '',
): Promise<{ status: number; type: string | undefined; body: string }> {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the content API served by wrangler dev from the built site', () => {
  it('answers health publicly and refuses an unsigned content request with problem+json', async () => {
    const health = await fetch(`${server.origin}/api/health`);
    expect(health.status).toBe(200);
    const unsigned = await fetch(`${server.origin}/api/content/items`);
    expect(unsigned.status).toBe(401);
    expect(unsigned.headers.get('content-type')).toBe('application/problem+json');
    expect((await unsigned.json()).code).toBe('signature_missing');
  });

  it('serves the OpenAPI document generated from the schemas', async () => {
    const committed = JSON.parse(readFileSync(join(repoRoot, 'docs/openapi.json'), 'utf8'));
    expect(await (await fetch(`${server.origin}/api/openapi.json`)).json()).toEqual(committed);
  });

  it('returns the sample items for a signed sync generate request, valid against the schema', async () => {
    const { status, body } = await client.generate({
      date_range: { start: '2026-11-03', end: '2026-11-10' },
      limit: 50,
    });
    expect(status).toBe(200);
    const answer = ContentGenerationResponse.parse(body);
    expect(answer.pagination.total_items).toBe(samples.length);
    expect(answer.content_items.map((item) => item.content_item_id).sort()).toEqual(
      samples.map((item) => (item as { content_item_id: string }).content_item_id).sort(),
    );
  });

  it('runs an async job through the pipeline Worker to completion', async () => {
    const { status, body } = await client.generate({
      date_range: { start: '2026-11-09', end: '2026-11-10' },
      mode: 'async',
    });
    expect(status).toBe(202);
    const jobId = (body as { job_id: string }).job_id;
    const job = await client.waitForJob(jobId, { timeoutMs: 20_000, intervalMs: 100 });
    expect(job.job_status).toBe('completed');
    expect(job.result?.pagination.total_items).toBeGreaterThan(0);
  });

  it('replays an idempotent request and refuses a reused key for another request', async () => {
    const request = { date_range: { start: '2026-11-05', end: '2026-11-05' } };
    const first = await client.generate(request, { idempotencyKey: 'e2e-key-1' });
    const again = await client.generate(request, { idempotencyKey: 'e2e-key-1' });
    expect([first.replayed, again.replayed]).toEqual([false, true]);
    expect(again.body).toEqual(first.body);
    const other = client.generate({ ...request, limit: 2 }, { idempotencyKey: 'e2e-key-1' });
    await expect(other).rejects.toMatchObject({ status: 422, problem: { code: 'idempotency_key_reused' } });
  });

  it('runs the curl command printed by `npm run api -- sign`, once', () => {
    const env = { ...process.env, CONTENT_API_KEYS: JSON.stringify(KEYS) };
    const command = execSync(
      `node scripts/content-api.ts sign --url ${server.origin} --path '/api/content/items/twitch-CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B'`,
      { cwd: repoRoot, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
    expect(command.startsWith('curl ')).toBe(true);
    const first = JSON.parse(execSync(command, { encoding: 'utf8' }));
    expect(first.content_item_id).toBe('twitch-CalmSturdyHeronOpieOP-Wq5Tn8Ld1Zr3Kx0B');
    const replay = JSON.parse(execSync(command, { encoding: 'utf8' }));
    expect(replay.code).toBe('nonce_replayed');
  });

  it.each(['/api//content/ping', '/api/content/ping/', '/api/content/%70ing'])(
    'refuses the non-canonical path %s with a 4xx problem',
    async (path) => {
      const response = await rawGet(path);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.type).toBe('application/problem+json');
    },
  );

  it('reports an API error as ContentApiError with the problem', async () => {
    await expect(client.getItem('twitch-does-not-exist')).rejects.toBeInstanceOf(ContentApiError);
  });

  it('answers a client typed only from the product plan: every request field set, every response field read', async () => {
    const request: ContentGenerationRequest = {
      page: 1,
      limit: 2,
      sort_by: 'view_count',
      sort_order: 'desc',
      date_range: { start: '2026-11-03', end: '2026-11-10' },
      filters: {
        min_views: 0,
        min_duration: 0,
        max_duration: 3600,
        categories: ['development', 'gaming', 'tutorial', 'review', 'other'],
        min_confidence: 0,
        platform: 'twitch',
        processing_status: ['ready_for_content'],
      },
      content_type: 'weekly_summary',
      mode: 'sync',
      idempotency_key: `plan-${Date.now()}`,
    };
    const { status, body } = await planGenerate(server.origin, 'local', KEYS.local, request);
    expect(status).toBe(200);
    const { pagination, summary } = body;
    expect(pagination.current_page).toBe(1);
    expect(pagination.per_page).toBe(2);
    expect(pagination.has_prev).toBe(false);
    expect(pagination.total_pages).toBe(Math.ceil(pagination.total_items / 2));
    expect(pagination.has_next).toBe(pagination.total_items > 2);
    expect(pagination.total_items).toBeGreaterThan(0);
    expect(summary.total_clips).toBe(pagination.total_items);
    for (const count of [summary.total_prs, summary.total_commits, summary.total_issues]) {
      expect(Number.isInteger(count) && count >= 0).toBe(true);
    }
    expect(summary.total_commits + summary.total_prs + summary.total_issues).toBeGreaterThan(0);
    expect(body.content_items?.length).toBe(Math.min(2, pagination.total_items));
    const views = (body.content_items ?? []).map((item) => item.clip_view_count);
    expect(views).toEqual([...views].sort((a, b) => b - a));
    expect(typeof body.suggested_title).toBe('string');
    expect(
      body.suggested_tags?.every((tag) => ['development', 'gaming', 'tutorial', 'review', 'other'].includes(tag)),
    ).toBe(true);
    expect(body.content_score).toBeGreaterThan(0);
    expect(body.date_range.start <= body.date_range.end).toBe(true);
    expect(body.job_id).toBeUndefined();
    expect(body.job_status).toBeUndefined();
    expect(body.error).toBeUndefined();

    const accepted = await planGenerate(server.origin, 'local', KEYS.local, {
      ...request,
      mode: 'async',
      idempotency_key: `plan-async-${Date.now()}`,
    });
    expect(accepted.status).toBe(202);
    expect(['queued', 'processing', 'completed']).toContain(accepted.body.job_status);
  });

  it('answers //api/… with 400 non_canonical_path, checked on the target as sent', async () => {
    const response = await rawGet('//api/content/ping');
    expect({ status: response.status, type: response.type }).toEqual({
      status: 400,
      type: 'application/problem+json',
    });
    expect(JSON.parse(response.body).code).toBe('non_canonical_path');
  });

  // What really happens (docs/api.md, "Paths"): the platform resolves dot segments and `%2e` before
  // the Worker runs, so these reach the API as /api/content/ping, where an unsigned request is a 401.
  it.each(['/api/./content/ping', '/api/%2e/content/ping', '/api/content/%2E%2E/content/ping'])(
    'serves the raw target %s as the path the platform normalised it to, never bypassing the signature',
    async (path) => {
      const response = await rawGet(path);
      expect({ status: response.status, type: response.type }).toEqual({
        status: 401,
        type: 'application/problem+json',
      });
      expect(JSON.parse(response.body).code).toBe('signature_missing');
    },
  );

  it('answers a cross-site form POST with a 403 problem, not Astro’s text/plain', async () => {
    const response = await rawGet(
      '/api/content/generate',
      'POST',
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      'a=1',
    );
    expect({ status: response.status, type: response.type }).toEqual({
      status: 403,
      type: 'application/problem+json',
    });
  });

  it('throttles a flood of bad signatures with a 429 problem, and not the healthy client', async () => {
    const bad = new ContentApiClient({ baseUrl: server.origin, keyId: 'local', secret: 'not-the-secret-0123456789' });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push(
        await bad.ping().then(
          () => 200,
          (error: ContentApiError) => error.status,
        ),
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
    const throttled = await bad.ping().catch((error: ContentApiError) => error);
    expect(throttled).toMatchObject({ status: 429, problem: { code: 'too_many_failures' } });
    for (let i = 0; i < 5; i++) await expect(client.ping()).resolves.toMatchObject({ ok: true });
  });
});
