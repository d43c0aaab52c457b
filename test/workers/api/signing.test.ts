import { describe, expect, it } from 'vitest';
import { harness, ORIGIN, read, signed, T0 } from './harness.ts';

const GENERATE = '/api/content/generate';
const body = JSON.stringify({ date_range: { start: '2026-11-09', end: '2026-11-09' }, limit: 5 });

/** A copy of a request with one header replaced (or removed with `null`). */
function withHeader(request: Request, name: string, value: string | null, url = request.url, method = request.method) {
  const headers = new Headers(request.headers);
  if (value === null) headers.delete(name);
  else headers.set(name, value);
  return request
    .clone()
    .text()
    .then((text) => new Request(url, { method, headers, ...(method === 'GET' ? {} : { body: text }) }));
}

/** A copy of a request whose Signature-Input `edit` rewrote, the signature left as it was. */
function withInput(request: Request, edit: (input: string) => string) {
  return withHeader(request, 'signature-input', edit(request.headers.get('signature-input') ?? ''));
}

describe('signed requests', () => {
  it('accepts a request signed by the client and answers ping with the key id', async () => {
    const api = harness();
    const { status, body: answer } = await read(await api.send(await signed({ path: '/api/content/ping' })));
    expect(status).toBe(200);
    expect(answer).toEqual({ ok: true, key_id: 'client-a' });
  });

  it('rejects an unsigned request with signature_missing', async () => {
    const api = harness();
    const response = await api.send(new Request(`${ORIGIN}/api/content/ping`));
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect((await read(response)).body.code).toBe('signature_missing');
  });

  it.each([
    [
      '@authority',
      (r: Request) => withHeader(r, 'x-none', null, r.url.replace('blog.example.com', 'evil.example')),
      'signature_invalid',
      401,
    ],
    [
      '@path',
      (r: Request) => withHeader(r, 'x-none', null, r.url.replace('/api/content/generate', '/api/content/ping')),
      'signature_invalid',
      401,
    ],
    ['@query', (r: Request) => withHeader(r, 'x-none', null, `${r.url}?page=2`), 'signature_invalid', 401],
    [
      'content-digest',
      (r: Request) => withHeader(r, 'content-digest', 'sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:'),
      'signature_invalid',
      401,
    ],
    [
      'content-type',
      (r: Request) => withHeader(r, 'content-type', 'application/json; charset=latin1'),
      'signature_invalid',
      401,
    ],
  ])('rejects a request whose %s was changed after signing', async (_component, tamper, code, status) => {
    const api = harness();
    const response = await api.send(await tamper(await signed({ path: GENERATE, body })));
    expect(await read(response)).toMatchObject({ status, body: { code } });
  });

  it('rejects a request whose @method was changed after signing', async () => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping', method: 'POST', body: '' });
    const response = await api.send(await withHeader(request, 'x-none', null, request.url, 'GET'));
    expect(await read(response)).toMatchObject({ status: 401, body: { code: 'signature_invalid' } });
  });

  it('rejects a request whose idempotency-key was changed after signing', async () => {
    const api = harness();
    const request = await signed({ path: GENERATE, body, headers: { 'idempotency-key': 'key-1' } });
    const response = await api.send(await withHeader(request, 'idempotency-key', 'key-2'));
    expect(await read(response)).toMatchObject({ status: 401, body: { code: 'signature_invalid' } });
  });

  it('rejects a body changed after signing with content_digest_mismatch', async () => {
    const api = harness();
    const request = await signed({ path: GENERATE, body });
    const tampered = new Request(request.url, {
      method: 'POST',
      headers: request.headers,
      body: body.replace('5', '6'),
    });
    expect(await read(await api.send(tampered))).toMatchObject({
      status: 401,
      body: { code: 'content_digest_mismatch' },
    });
  });

  it('rejects a changed signature value with signature_invalid', async () => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping' });
    const mac = request.headers.get('signature') ?? '';
    const flipped = mac.replace(/:(.)/, (_m, c: string) => `:${c === 'A' ? 'B' : 'A'}`);
    const response = await api.send(await withHeader(request, 'signature', flipped));
    expect(await read(response)).toMatchObject({ status: 401, body: { code: 'signature_invalid' } });
  });

  it.each([
    [-299, 200],
    [299, 200],
    [-300, 200],
    [300, 200],
    [-301, 401],
    [301, 401],
  ])('with created %i s from the server clock answers %i', async (offset, status) => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping', created: Math.floor(T0 / 1000) + offset });
    const response = await api.send(request);
    expect(response.status).toBe(status);
    if (status === 401) {
      expect((await read(response)).body.code).toBe(offset > 0 ? 'signature_not_yet_valid' : 'signature_expired');
    }
  });

  it('rejects a signature that does not cover content-digest, naming the component', async () => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping' });
    const response = await api.send(await withInput(request, (input) => input.replace(' "content-digest"', '')));
    expect(await read(response)).toMatchObject({
      status: 401,
      body: { code: 'component_not_covered', field: 'content-digest' },
    });
  });

  it('rejects a POST signature that leaves out content-type or a sent idempotency-key', async () => {
    const api = harness();
    const request = await signed({ path: GENERATE, body });
    const response = await api.send(await withInput(request, (input) => input.replace(' "content-type"', '')));
    expect((await read(response)).body).toMatchObject({ code: 'component_not_covered', field: 'content-type' });

    const plain = await signed({ path: GENERATE, body });
    const sneaked = await withHeader(plain, 'idempotency-key', 'added-later');
    expect((await read(await api.send(sneaked))).body).toMatchObject({
      code: 'component_not_covered',
      field: 'idempotency-key',
    });
  });

  it('rejects an alg other than hmac-sha256 and a signature without a nonce', async () => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping' });
    const rsa = await api.send(await withInput(request, (input) => input.replace('hmac-sha256', 'rsa-pss-sha512')));
    expect((await read(rsa)).body).toMatchObject({ code: 'unsupported_algorithm', field: 'alg' });
    const noNonce = await api.send(await withInput(request, (input) => input.replace(/;nonce="[^"]*"/, '')));
    expect((await read(noNonce)).body).toMatchObject({ code: 'signature_param_missing', field: 'nonce' });
  });
});

describe('keys', () => {
  it('rejects an unknown key id with unknown_key', async () => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping', keyId: 'nobody', secret: 'whatever-0123456789' });
    expect(await read(await api.send(request))).toMatchObject({
      status: 401,
      body: { code: 'unknown_key', field: 'keyid' },
    });
  });

  it('rotates without downtime: old and new keys both work, then the removed one is unknown_key', async () => {
    const before = harness({ old: 'old-secret-0123456789abc' });
    const during = harness({ old: 'old-secret-0123456789abc', new: 'new-secret-0123456789abc' });
    const after = harness({ new: 'new-secret-0123456789abc' });
    const sign = (keyId: string, secret: string) => signed({ path: '/api/content/ping', keyId, secret });
    expect((await before.send(await sign('old', 'old-secret-0123456789abc'))).status).toBe(200);
    expect((await during.send(await sign('old', 'old-secret-0123456789abc'))).status).toBe(200);
    expect((await during.send(await sign('new', 'new-secret-0123456789abc'))).status).toBe(200);
    expect((await after.send(await sign('new', 'new-secret-0123456789abc'))).status).toBe(200);
    const removed = await after.send(await sign('old', 'old-secret-0123456789abc'));
    expect(await read(removed)).toMatchObject({ status: 401, body: { code: 'unknown_key' } });
  });

  it('rejects a signature made with the wrong secret for a known key id', async () => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping', keyId: 'client-a', secret: 'secret-b-0123456789abcdef' });
    expect((await read(await api.send(request))).body.code).toBe('signature_invalid');
  });
});

describe('replays', () => {
  it('accepts a nonce once: a sequential replay is nonce_replayed', async () => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping', nonce: 'nonce-seq-1' });
    const first = await api.send(request.clone());
    const second = await api.send(request);
    expect(first.status).toBe(200);
    expect(await read(second)).toMatchObject({ status: 401, body: { code: 'nonce_replayed' } });
  });

  it('rejects a replayed nonce even when the requests race: exactly one of 20 succeeds', async () => {
    const api = harness();
    const request = await signed({ path: '/api/content/ping', nonce: 'nonce-race-1' });
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.send(request.clone())));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(19);
  });

  it('scopes nonces to the key id', async () => {
    const api = harness();
    const a = await api.send(await signed({ path: '/api/content/ping', nonce: 'shared-nonce', keyId: 'client-a' }));
    const b = await api.send(await signed({ path: '/api/content/ping', nonce: 'shared-nonce', keyId: 'client-b' }));
    expect([a.status, b.status]).toEqual([200, 200]);
  });

  it('does not use up a nonce on a request that fails verification', async () => {
    const api = harness();
    const bad = await signed({ path: '/api/content/ping', nonce: 'nonce-kept', secret: 'wrong-secret-0123456789' });
    expect((await api.send(bad)).status).toBe(401);
    expect((await api.send(await signed({ path: '/api/content/ping', nonce: 'nonce-kept' }))).status).toBe(200);
  });
});

describe('requests refused before verification', () => {
  it.each([
    ['/api//content/ping', 400, 'non_canonical_path'],
    ['/api/content/ping/', 400, 'non_canonical_path'],
    ['/api/content/%70ing', 400, 'non_canonical_path'],
    ['/api/content/pong', 404, 'not_found'],
    ['/api/content/items/bad%20id', 400, 'non_canonical_path'],
    ['/api/content/jobs/not-a-job', 400, 'validation_failed'],
  ])('answers %s with %i %s', async (path, status, code) => {
    const api = harness();
    const response = await api.send(new Request(`${ORIGIN}${path}`));
    expect(await read(response)).toMatchObject({ status, body: { code } });
  });

  it('answers a body over the cap with 413, by declared length or by bytes read', async () => {
    const api = harness();
    api.deps.maxBodyBytes = 1024;
    const big = JSON.stringify({ date_range: { start: '2026-11-09', end: '2026-11-09' }, pad: 'x'.repeat(2000) });
    const request = await signed({ path: GENERATE, body: big });
    expect(await read(await api.send(request))).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(512)));
        controller.close();
      },
    });
    const chunked = new Request(`${ORIGIN}${GENERATE}`, { method: 'POST', body: stream, headers: request.headers });
    expect((await api.send(chunked)).status).toBe(413);
  });

  it('answers health and the OpenAPI document without a signature', async () => {
    const api = harness();
    expect(await read(await api.send(new Request(`${ORIGIN}/api/health`)))).toMatchObject({
      status: 200,
      body: { status: 'ok', time: new Date(T0).toISOString() },
    });
    const doc = await read(await api.send(new Request(`${ORIGIN}/api/openapi.json`)));
    expect(doc.body.openapi).toBe('3.1.0');
  });
});
