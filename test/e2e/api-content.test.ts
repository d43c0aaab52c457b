import { execSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContentApiClient, ContentApiError } from '../../client/content-api-client.ts';
import { ContentGenerationResponse } from '../../core/schemas/content-generation.ts';
import { seedItemsSql } from '../../scripts/lib/seed-sql.ts';
import { type ApiServer, startApiServer } from './api-server.ts';

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
function rawGet(path: string): Promise<{ status: number; type: string | undefined; body: string }> {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
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
});
