import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { LOCK_MS, RETAIN_MS, requestHash } from '../../../site/lib/api/idempotency.ts';
import { harness, read, signed, T0 } from './harness.ts';

const GENERATE = '/api/content/generate';
const request = { date_range: { start: '2026-11-09', end: '2026-11-09' }, limit: 3 };

function post(body: unknown, key: string | null, created = Math.floor(T0 / 1000), keyId = 'client-a') {
  return signed({
    path: GENERATE,
    body: JSON.stringify(body),
    headers: key === null ? {} : { 'idempotency-key': key },
    created,
    keyId,
  });
}

async function jobCount(): Promise<number> {
  return (await env.DB.prepare('SELECT COUNT(*) AS n FROM jobs').first<{ n: number }>())?.n ?? 0;
}

describe('Idempotency-Key', () => {
  it('replays the stored response for the same key and request, marked Idempotent-Replayed', async () => {
    const api = harness();
    const first = await api.send(await post(request, 'idem-1'));
    const firstBody = await first.text();
    const second = await api.send(await post({ ...request, page: 1 }, 'idem-1'));
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(await second.text()).toBe(firstBody);
  });

  it('takes the key from the body field too, and the two spellings are the same key', async () => {
    const api = harness();
    const first = await api.send(await post({ ...request, idempotency_key: 'idem-body' }, null));
    const second = await api.send(await post(request, '"idem-body"'));
    expect(first.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const conflict = await api.send(await post({ ...request, idempotency_key: 'one' }, 'two'));
    expect(await read(conflict)).toMatchObject({ status: 400, body: { code: 'idempotency_key_conflict' } });
  });

  it('answers 422 for a different request under the same key', async () => {
    const api = harness();
    expect((await api.send(await post(request, 'idem-2'))).status).toBe(200);
    const other = await api.send(await post({ ...request, limit: 4 }, 'idem-2'));
    expect(await read(other)).toMatchObject({ status: 422, body: { code: 'idempotency_key_reused' } });
  });

  it('answers 409 with Retry-After while the first request is in flight, then takes over an abandoned claim', async () => {
    const api = harness();
    // A claim left behind by a request that never finished (its Worker was evicted).
    const hash = await requestHash('POST', GENERATE, {
      page: 1,
      limit: 3,
      sort_by: 'created_at',
      sort_order: 'desc',
      date_range: request.date_range,
      filters: {},
      content_type: 'daily_recap',
      mode: 'sync',
    });
    await env.DB.prepare(
      `INSERT INTO idempotency_records (key_id, idempotency_key, request_hash, state, created_ms, lock_expires_ms, expires_ms, claim_token)
       VALUES ('client-a', 'idem-3', ?1, 'in_flight', ?2, ?3, ?4, 'lost')`,
    )
      .bind(hash, T0, T0 + LOCK_MS, T0 + RETAIN_MS)
      .run();
    const busy = await api.send(await post(request, 'idem-3'));
    expect(await read(busy)).toMatchObject({ status: 409, body: { code: 'idempotency_in_flight' } });
    expect(Number(busy.headers.get('retry-after'))).toBe(LOCK_MS / 1000);

    api.clock.now = T0 + LOCK_MS + 1;
    const later = await api.send(await post(request, 'idem-3', Math.floor(api.clock.now / 1000)));
    expect(later.status).toBe(200);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
  });

  it('lets exactly one of concurrent first requests run; the others are 409 or a replay', async () => {
    const api = harness();
    const before = await jobCount();
    const requests = await Promise.all(
      Array.from({ length: 8 }, () => post({ ...request, mode: 'async' }, 'idem-race')),
    );
    const responses = await Promise.all(requests.map((r) => api.send(r)));
    const fresh = responses.filter((r) => r.status === 202 && r.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const response of responses) expect([202, 409]).toContain(response.status);
    expect((await jobCount()) - before).toBe(1);
  });

  it('keeps a record at least 24 h, then lets the key be used afresh', async () => {
    const api = harness();
    expect((await api.send(await post(request, 'idem-4'))).status).toBe(200);
    api.clock.now = T0 + 24 * 60 * 60 * 1000;
    const dayLater = await api.send(await post({ ...request, limit: 9 }, 'idem-4', Math.floor(api.clock.now / 1000)));
    expect(dayLater.status).toBe(422);
    api.clock.now = T0 + RETAIN_MS + 1;
    const expired = await api.send(await post({ ...request, limit: 9 }, 'idem-4', Math.floor(api.clock.now / 1000)));
    expect(expired.status).toBe(200);
    expect(expired.headers.get('idempotent-replayed')).toBeNull();
  });

  it('scopes keys to the API key id', async () => {
    const api = harness();
    expect((await api.send(await post(request, 'idem-5', undefined, 'client-a'))).status).toBe(200);
    const b = await api.send(await post({ ...request, limit: 8 }, 'idem-5', undefined, 'client-b'));
    expect(b.status).toBe(200);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it('replays an async answer without queuing a second job', async () => {
    const api = harness();
    const before = await jobCount();
    const first = await read(await api.send(await post({ ...request, mode: 'async' }, 'idem-6')));
    const second = await api.send(await post({ ...request, mode: 'async' }, 'idem-6'));
    expect(second.status).toBe(202);
    expect(second.headers.get('location')).toBe(`/api/content/jobs/${String(first.body.job_id)}`);
    expect((await read(second)).body.job_id).toBe(first.body.job_id);
    expect((await jobCount()) - before).toBe(1);
  });

  it('never yields two jobs when the first request outlives its lease and a retry takes the key over', async () => {
    const api = harness();
    const before = await jobCount();
    // The first request stalls where its Worker would be slow (in the queue send); the retry comes
    // after the lease (LOCK_MS) and takes the claim over; then the first one finishes.
    let releaseFirst: () => void = () => undefined;
    const stalled = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const realQueue = api.deps.queue;
    let sends = 0;
    api.deps.queue = {
      ...realQueue,
      send: async (body: unknown, options?: QueueSendOptions) => {
        sends += 1;
        if (sends === 1) await stalled;
        return realQueue.send(body, options);
      },
    } as Queue;
    const body = { ...request, mode: 'async' };
    const first = api.send(await post(body, 'idem-lease'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    api.clock.now = T0 + LOCK_MS + 1;
    const retry = await api.send(await post(body, 'idem-lease', Math.floor(api.clock.now / 1000)));
    releaseFirst();
    const firstResponse = await first;
    expect([firstResponse.status, retry.status]).toEqual([202, 202]);
    const ids = [(await read(firstResponse)).body.job_id, (await read(retry)).body.job_id];
    expect(ids[0]).toBe(ids[1]);
    expect((await jobCount()) - before).toBe(1);
  });

  it('never yields two jobs when the first request dies between creating the job and answering', async () => {
    const api = harness();
    const before = await jobCount();
    const realQueue = api.deps.queue;
    let sends = 0;
    api.deps.queue = {
      ...realQueue,
      // The first request's Worker is evicted here: its promise never settles.
      send: (body: unknown, options?: QueueSendOptions) => {
        sends += 1;
        return sends === 1 ? new Promise<void>(() => undefined) : realQueue.send(body, options);
      },
    } as Queue;
    const body = { ...request, mode: 'async' };
    void api.send(await post(body, 'idem-crash'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    api.clock.now = T0 + LOCK_MS + 1;
    const retry = await api.send(await post(body, 'idem-crash', Math.floor(api.clock.now / 1000)));
    expect(retry.status).toBe(202);
    expect((await jobCount()) - before).toBe(1);
  });
});
